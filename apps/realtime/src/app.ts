import fastifyJwt from '@fastify/jwt';
import { accessTokenJwtOptions } from '@showfloor/access-tokens';
import type { RealtimeConfig } from '@showfloor/config';
import {
  type Clock,
  createHttpServer,
  createRateLimiterStore,
  type Logger,
  readPackageVersion,
  systemClock,
} from '@showfloor/server-kit';
import { createInternalApiClient, type InternalApiClient } from './api-client/internal-api-client.ts';
import { LiveCountersBroadcaster } from './broadcast/live-counters-broadcaster.ts';
import { MilestoneWatch } from './broadcast/milestone-watch.ts';
import { joinCluster, onlineUsersKey } from './cluster/cluster-node.ts';
import { createRealtimeDelivery, forwardVisitorEvents, visitorHistoryHasRoom } from './delivery/realtime-outboxes.ts';
import { registerHttpRoutes } from './http/http-routes.ts';
import { createSessionLifecycle } from './lifecycle/session-lifecycle.ts';
import { registerLiveSessionsNamespace } from './namespaces/live-sessions.ts';
import { createOnAirSampler } from './sampling/on-air-sampler.ts';
import { createSocketServer } from './socket/socket-server.ts';
import { createSocketCloser } from './socket/socket-shutdown.ts';
import { interServerEvents } from './socket/socket-types.ts';
import type { CounterStore } from './state/counter-store.ts';
import { InMemoryCounterStore } from './state/in-memory-counter-store.ts';
import { OnlineUsers } from './state/online-users.ts';
import { SessionFactsCache } from './state/session-facts-cache.ts';
import { recordDashboardAction } from './visitors/dashboard-actions.ts';
import { createVisitorAnalytics } from './visitors/visitor-analytics.ts';
import type { OnVisitorEventsAccepted } from './visitors/visitor-collector.ts';
import type { TrackDashboardAction } from './visitors/visitors-namespace.ts';

export interface RealtimeDeps {
  config: RealtimeConfig;
  logger: Logger;
  clock?: Clock;
  api?: InternalApiClient;
  /**
   * Told of every visitor event the collector accepts, in order, as the record the API stores
   * (which the visitor-events outbox delivers either way): for tests that watch the collector.
   */
  onVisitorEventsAccepted?: OnVisitorEventsAccepted;
  /** Instead of recording a dashboard's `track_dashboard_action` through the API's feature tracking. */
  trackDashboardAction?: TrackDashboardAction;
}

export const realtimeVersion = readPackageVersion(new URL('../package.json', import.meta.url));

/**
 * Builds the realtime service (Fastify for HTTP, Socket.IO on the same server) without listening.
 * `start` begins sampling; `close` stops taking connections, flushes, then shuts everything down.
 */
export async function createRealtime(deps: RealtimeDeps) {
  const { config, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const api =
    deps.api ??
    createInternalApiClient({
      baseUrl: config.API_INTERNAL_URL,
      internalApiKey: config.INTERNAL_API_KEY,
      timeoutMs: config.API_TIMEOUT_MS,
      factsTimeoutMs: config.SESSION_FACTS_TIMEOUT_MS,
    });
  const app = createHttpServer({ logger, trustProxyHops: config.TRUST_PROXY_HOPS });
  // Verify-only: the realtime service checks handshake tokens and never issues one.
  await app.register(fastifyJwt, accessTokenJwtOptions({ secret: config.JWT_SECRET }));
  const { io, redis } = await createSocketServer(app.server, config, logger);

  // What this node holds: the counters of the sessions it tracks, and what it knows of them. With
  // Redis the counters shown are the cluster's, this node's own kept underneath.
  const local = new InMemoryCounterStore();
  const cluster = config.REDIS_URL
    ? await joinCluster({
        config,
        redisUrl: config.REDIS_URL,
        local,
        clock,
        logger: logger.child({ module: 'cluster' }),
      })
    : undefined;
  const store: CounterStore = cluster?.store ?? local;
  const facts = new SessionFactsCache({
    api,
    clock,
    ttlMs: config.SESSION_FACTS_TTL_MS,
    notFoundTtlMs: config.SESSION_NOT_FOUND_TTL_MS,
    // While the API fails, pause reads with back-off, never longer than facts stay fresh.
    backoff: { baseMs: config.RETRY_BASE_MS, maxMs: Math.min(config.RETRY_MAX_MS, config.SESSION_FACTS_TTL_MS) },
    logger: logger.child({ module: 'session-facts' }),
  });

  const delivery = createRealtimeDelivery({ api, config, clock, logger });
  const sampler = createOnAirSampler({
    config,
    store,
    facts,
    snapshots: delivery.snapshots,
    clock,
    logger: logger.child({ module: 'sampler' }),
  });
  const broadcaster = new LiveCountersBroadcaster({
    io,
    store,
    clock,
    logger: logger.child({ module: 'broadcaster' }),
    countIntervalMs: config.COUNT_BROADCAST_MS,
    counterWritesPerSecond: config.COUNTER_WRITES_PER_ROOM_PER_SECOND,
    clickIntervalMs: config.CLICK_BROADCAST_MS,
    animationsPerSecond: config.REACTION_ANIMATIONS_PER_SECOND,
    animationWritesPerSecond: config.ANIMATION_WRITES_PER_ROOM_PER_SECOND,
    milestones: new MilestoneWatch({ report: (milestones) => delivery.milestones.enqueue(milestones), clock }),
  });
  const lifecycle = createSessionLifecycle({
    io,
    api,
    store,
    facts,
    delivery,
    sampler,
    broadcaster,
    config,
    clock,
    logger,
  });

  const onlineUsers = new OnlineUsers(
    io,
    clock,
    config.COUNT_BROADCAST_MS,
    cluster && ((usersHere) => cluster.store.sharedPresence(onlineUsersKey, usersHere)),
  );
  const liveSessions = registerLiveSessionsNamespace(io, {
    config,
    jwt: app.jwt,
    api,
    store,
    facts,
    lifecycle,
    broadcaster,
    views: delivery.views,
    clickers: delivery.clickers,
    onlineUsers,
    clock,
    logger,
  });
  // The collector's per-IP limit must hold across nodes: with REDIS_URL it counts in Redis.
  const rateLimits = createRateLimiterStore({
    redisUrl: config.REDIS_URL,
    keyPrefix: config.REDIS_KEY_PREFIX,
    logger: logger.child({ module: 'rate-limits' }),
  });
  const visitors = createVisitorAnalytics({
    rateLimiters: rateLimits.limiters,
    cluster: cluster?.visitors,
    config,
    io,
    jwt: app.jwt,
    api,
    clock,
    logger,
    onAccepted: (records) => {
      forwardVisitorEvents(delivery, records);
      deps.onVisitorEventsAccepted?.(records);
    },
    historyHasRoom: visitorHistoryHasRoom(delivery, config),
    trackDashboardAction: deps.trackDashboardAction ?? recordDashboardAction(api, clock),
  });
  // Another node received a room event from the API: what it changes applies here too.
  io.on(interServerEvents.roomEventApplied, (broadcast) => void lifecycle.applyRoomEvent(broadcast));

  await registerHttpRoutes(app, {
    config,
    version: realtimeVersion,
    io,
    store,
    delivery,
    metrics: liveSessions.metrics,
    applyRoomEvent: lifecycle.applyRoomEvent,
    shareWithOtherNodes: redis !== undefined,
    counters: () => ({ scope: cluster ? 'cluster' : 'local', redis: cluster?.store.redisState ?? null }),
    clock,
    visitors,
  });

  const sockets = createSocketCloser({ io, server: app.server, deadlineMs: config.SHUTDOWN_SOCKET_CLOSE_MS, logger });
  async function shutdown(): Promise<void> {
    sampler.stop();
    lifecycle.stop();
    broadcaster.stop();
    onlineUsers.stop();
    visitors.stop();
    // Stop taking connections; those open are closed below, in parallel with the flush.
    app.server.close();
    // What was counted goes to the outboxes before any socket is closed, so no client can delay it.
    await lifecycle.handOver();
    await cluster?.close();
    sampler.flushPartialWindow();
    await Promise.all([delivery.flushAndSpool(config.SHUTDOWN_FLUSH_TIMEOUT_MS), sockets.closeSockets()]);
    await app.close();
    await api.close();
    await redis?.close();
    await rateLimits.close();
  }

  let closing: Promise<void> | undefined;
  const { snapshots, views, clickers, totals } = delivery;
  return {
    app,
    io,
    outboxes: { snapshots, views, clickers, totals },
    metrics: liveSessions.metrics,
    visitors,
    /** Begins sampling, and hands data a previous run spooled to disk back to the outboxes. */
    async start(): Promise<void> {
      await delivery.restore();
      sampler.start();
      lifecycle.start();
      visitors.start();
      // Another node changed a session's counts: this node's sockets get them too.
      await cluster?.start((sessionId) => {
        if (sessionId === onlineUsersKey) return void onlineUsers.refresh();
        broadcaster.viewerCountChanged(sessionId);
        broadcaster.reactionStatsChanged(sessionId);
        broadcaster.clicked(sessionId);
      });
    },
    close(): Promise<void> {
      closing ??= shutdown();
      return closing;
    },
  };
}

export type Realtime = Awaited<ReturnType<typeof createRealtime>>;
