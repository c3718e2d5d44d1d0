import type { Socket as NetSocket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import fastifyJwt from '@fastify/jwt';
import { accessTokenJwtOptions } from '@showfloor/access-tokens';
import type { RealtimeConfig } from '@showfloor/config';
import { isOnAir, type ProductClickerRecord, type SessionViewRecord } from '@showfloor/contracts';
import {
  type Clock,
  createHttpServer,
  createInternalKeyGuard,
  type Logger,
  readPackageVersion,
  systemClock,
} from '@showfloor/server-kit';
import { Server } from 'socket.io';
import { createInternalApiClient, type InternalApiClient } from './api-client/internal-api-client.ts';
import { createHandshakeAuth } from './auth/handshake-auth.ts';
import { LiveCountersBroadcaster } from './broadcast/live-counters-broadcaster.ts';
import type { DeliveryOutbox } from './flush/delivery-outbox.ts';
import { createDeliveryPipeline } from './flush/delivery-pipeline.ts';
import { watchTrackedSessions } from './flush/session-status-watcher.ts';
import { SnapshotSampler } from './flush/snapshot-sampler.ts';
import { createStreamEnder } from './flush/stream-ender.ts';
import { checkpointTotalsPeriodically } from './flush/totals-checkpointer.ts';
import { createChatHandlers } from './handlers/chat-handlers.ts';
import { createClickHandlers } from './handlers/click-handlers.ts';
import type { HandlerContext, RealtimeMetrics } from './handlers/handler-context.ts';
import { createReactionHandlers } from './handlers/reaction-handlers.ts';
import { createShowcaseHandlers } from './handlers/showcase-handlers.ts';
import { createViewerHandlers } from './handlers/viewer-handlers.ts';
import { healthRoutes } from './http/health.routes.ts';
import { liveSessionRoutes } from './http/live-session.routes.ts';
import { roomBroadcastRoutes } from './http/room-broadcast.routes.ts';
import { attachRedisAdapter } from './socket/redis-adapter.ts';
import { interServerEvents, type RealtimeServer, userRoom } from './socket/socket-types.ts';
import { createIdleSessionRelease } from './state/idle-session-release.ts';
import type { KnownAudience } from './state/live-session.ts';
import { LiveSessionRegistry } from './state/live-session-registry.ts';
import { createRoomEventEffects } from './state/room-event-effects.ts';
import { SessionFactsCache } from './state/session-facts-cache.ts';
import { SocketRateLimits } from './state/socket-rate-limits.ts';

export interface RealtimeDeps {
  config: RealtimeConfig;
  logger: Logger;
  clock?: Clock;
  api?: InternalApiClient;
}

export const realtimeVersion = readPackageVersion(new URL('../package.json', import.meta.url));

// Payloads here are tiny (ids, a reaction type, a 500-char message); a small cap blunts abuse.
const maxSocketPayloadBytes = 16 * 1024;

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

  const app = createHttpServer({ logger });
  // Verify-only: the realtime service checks handshake tokens and never issues one.
  await app.register(fastifyJwt, accessTokenJwtOptions({ secret: config.JWT_SECRET }));
  const io: RealtimeServer = new Server(app.server, {
    maxHttpBufferSize: maxSocketPayloadBytes,
    cors: { origin: config.CORS_ORIGINS.includes('*') ? true : config.CORS_ORIGINS, credentials: true },
  });
  const redis = config.REDIS_URL ? await attachRedisAdapter(io, config.REDIS_URL, logger) : undefined;
  io.use(
    createHandshakeAuth({
      jwt: app.jwt,
      api,
      cacheTtlMs: config.TOKEN_STATE_CACHE_MS,
      logger: logger.child({ module: 'handshake-auth' }),
    }),
  );

  const delivery = createDeliveryPipeline({ api, config, clock, logger });
  const { snapshots, views, clickers, totals } = delivery;

  const registry = new LiveSessionRegistry(config.NODE_ID, {
    undeliveredTotals: (sessionId) => totals.pendingItem(sessionId),
    storedAudience: (sessionId) =>
      api.getSessionAudience(sessionId).catch((error: unknown) => {
        // Counting goes on; distinct counts stay floors (never doubled) until the audience is known.
        logger.warn({ err: error, sessionId }, 'session audience unavailable; starting from reported counts');
        return undefined;
      }),
    undeliveredAudience: (sessionId) => undeliveredAudience(sessionId, views, clickers),
  });
  const facts = new SessionFactsCache({
    api,
    clock,
    ttlMs: config.SESSION_FACTS_TTL_MS,
    notFoundTtlMs: config.SESSION_NOT_FOUND_TTL_MS,
    // While the API fails, pause reads with back-off, never longer than facts stay fresh.
    backoff: { baseMs: config.RETRY_BASE_MS, maxMs: Math.min(config.RETRY_MAX_MS, config.SESSION_FACTS_TTL_MS) },
    logger: logger.child({ module: 'session-facts' }),
  });
  const sampler = new SnapshotSampler({
    clock,
    sampleIntervalMs: config.SAMPLE_INTERVAL_MS,
    windowMs: config.SNAPSHOT_INTERVAL_MS,
    nodeId: config.NODE_ID,
    // Every tracked session that is on air; waiting rooms of scheduled streams are not sampled.
    currentCounts: function* () {
      for (const session of registry.all()) {
        const status = facts.peek(session.sessionId)?.status;
        if (status !== undefined && isOnAir(status)) yield [session.sessionId, session.viewerCount];
      }
    },
    onSnapshots: (items) => snapshots.enqueue(items),
  });
  const broadcaster = new LiveCountersBroadcaster({
    io,
    registry,
    clock,
    countIntervalMs: config.COUNT_BROADCAST_MS,
    counterWritesPerSecond: config.COUNTER_WRITES_PER_ROOM_PER_SECOND,
    clickIntervalMs: config.CLICK_BROADCAST_MS,
    animationsPerSecond: config.REACTION_ANIMATIONS_PER_SECOND,
    animationWritesPerSecond: config.ANIMATION_WRITES_PER_ROOM_PER_SECOND,
  });
  const streamEnder = createStreamEnder({
    io,
    registry,
    facts,
    sampler,
    views,
    totals,
    broadcaster,
    clock,
    nodeId: config.NODE_ID,
    logger: logger.child({ module: 'stream-ender' }),
  });
  const metrics: RealtimeMetrics = {
    reactionsAccepted: 0,
    reactionsRateLimited: 0,
    clicksRateLimited: 0,
    joinsRateLimited: 0,
  };
  const releaseIfIdle = createIdleSessionRelease({ registry, facts, broadcaster });
  const context: HandlerContext = {
    io,
    api,
    facts,
    registry,
    broadcaster,
    views,
    clickers,
    streamEnder,
    limits: new SocketRateLimits({
      join: config.JOINS_PER_SECOND,
      reaction: config.REACTIONS_PER_SECOND,
      click: config.CLICKS_PER_SECOND,
    }),
    reactionTypes: new Set(config.REACTION_TYPES),
    maxSessionsPerSocket: config.MAX_SESSIONS_PER_SOCKET,
    releaseIfIdle,
    metrics,
    clock,
    logger: logger.child({ module: 'socket' }),
  };

  const registerHandlers = [
    createViewerHandlers(context),
    createReactionHandlers(context),
    createChatHandlers(context),
    createShowcaseHandlers(context),
    createClickHandlers(context),
  ];
  io.on('connection', (socket) => {
    const identity = socket.data.identity;
    if (identity.kind === 'user') void socket.join(userRoom(identity.userId));
    for (const register of registerHandlers) register(socket);
    socket.on('disconnect', () => context.limits.forget(socket.id));
  });

  const applyRoomEvent = createRoomEventEffects({ facts, streamEnder });
  // Another node received a room event from the API: what it changes applies here too.
  io.on(interServerEvents.roomEventApplied, (broadcast) => void applyRoomEvent(broadcast));

  await app.register(healthRoutes, {
    version: realtimeVersion,
    startedAt: Date.now(),
    read: () => {
      const stats = delivery.stats();
      return {
        nodeId: config.NODE_ID,
        connections: io.engine.clientsCount,
        pendingDeliveries: stats.pending,
        droppedDeliveries: stats.givenUp,
        outboxes: stats.outboxes,
        liveSessions: [...registry.all()].length,
        ...metrics,
      };
    },
  });
  // Routes only the API may call, behind the shared internal key.
  await app.register(async (internal) => {
    internal.addHook('onRequest', createInternalKeyGuard(config.INTERNAL_API_KEY));
    await internal.register(roomBroadcastRoutes, {
      io,
      applyRoomEvent,
      shareWithOtherNodes: redis !== undefined,
      settleTimeoutMs: config.END_STREAM_FLUSH_TIMEOUT_MS,
    });
    await internal.register(liveSessionRoutes, { registry, clock });
  });

  let watcher: { stop(): void } | undefined;
  let checkpointer: { stop(): void } | undefined;
  let closing: Promise<void> | undefined;
  // Every connection the server holds, so shutdown can end the ones a client never closes.
  const connections = new Set<NetSocket>();
  app.server.on('connection', (connection: NetSocket) => {
    connections.add(connection);
    connection.once('close', () => connections.delete(connection));
  });

  /**
   * Disconnects every socket of this node and waits for their connections to end; whatever is
   * still open after SHUTDOWN_SOCKET_CLOSE_MS (a frozen client never answers the websocket close
   * handshake, which would hold us 30 s) is destroyed.
   */
  async function closeSockets(): Promise<void> {
    const closed = io.close();
    const deadline = new AbortController();
    const outcome = await Promise.race([
      closed.then(() => 'closed' as const),
      sleep(config.SHUTDOWN_SOCKET_CLOSE_MS, 'deadline' as const, { signal: deadline.signal }),
    ]);
    deadline.abort();
    if (outcome === 'deadline' && connections.size > 0) {
      logger.warn({ connections: connections.size }, 'connections still open at the shutdown deadline; closing them');
      for (const connection of connections) connection.destroy();
    }
    await closed;
  }

  async function shutdown(): Promise<void> {
    sampler.stop();
    watcher?.stop();
    checkpointer?.stop();
    broadcaster.stop();
    // Stop taking connections; those open are closed below, in parallel with the flush.
    app.server.close();
    // What was counted goes to the outboxes before any socket is closed, so no client can delay it.
    const now = clock.now();
    for (const session of registry.all()) {
      const closedViews = session.closeAllViews(now);
      if (closedViews.length > 0) views.enqueue(closedViews);
    }
    sampler.flushPartialWindow();
    streamEnder.checkpointAll();
    await Promise.all([delivery.flushAndSpool(config.SHUTDOWN_FLUSH_TIMEOUT_MS), closeSockets()]);
    await app.close();
    await api.close();
    await redis?.close();
  }

  return {
    app,
    io,
    outboxes: { snapshots, views, clickers, totals },
    metrics,
    /** Begins sampling, and hands data a previous run spooled to disk back to the outboxes. */
    async start(): Promise<void> {
      await delivery.restore();
      sampler.start();
      watcher = watchTrackedSessions({
        registry,
        facts,
        streamEnder,
        releaseIfIdle,
        clock,
        intervalMs: config.SESSION_FACTS_TTL_MS,
        logger,
      });
      checkpointer = checkpointTotalsPeriodically({ streamEnder, clock, intervalMs: config.TOTALS_CHECKPOINT_MS });
    },
    close(): Promise<void> {
      closing ??= shutdown();
      return closing;
    },
  };
}

/** Viewers and first clicks of a session still waiting in the outboxes (or spooled by the last run). */
function undeliveredAudience(
  sessionId: string,
  views: DeliveryOutbox<SessionViewRecord>,
  clickers: DeliveryOutbox<ProductClickerRecord>,
): KnownAudience {
  const viewerKeys = views
    .pendingItems()
    .filter((view) => view.sessionId === sessionId && view.role === 'subscriber')
    .map((view) => view.viewerKey);
  const byProduct = new Map<string, string[]>();
  for (const clicker of clickers.pendingItems()) {
    if (clicker.sessionId !== sessionId) continue;
    byProduct.set(clicker.productId, [...(byProduct.get(clicker.productId) ?? []), clicker.viewerKey]);
  }
  return { viewerKeys, clickers: [...byProduct].map(([productId, keys]) => ({ productId, viewerKeys: keys })) };
}

export type Realtime = Awaited<ReturnType<typeof createRealtime>>;
