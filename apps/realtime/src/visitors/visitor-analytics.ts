import cors from '@fastify/cors';
import type { JWT } from '@fastify/jwt';
import type { RealtimeConfig } from '@showfloor/config';
import { type VisitorStatus, visitorFeedBatchSchema } from '@showfloor/contracts';
import {
  type Clock,
  type HttpServer,
  inMemoryRateLimiters,
  type Logger,
  type RateLimiterFactory,
} from '@showfloor/server-kit';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';
import type { RealtimeServer } from '../socket/socket-types.ts';
import { createAdminTokenCheck } from './admin-token-check.ts';
import { collectorRoutes } from './collector.routes.ts';
import { DailySalts, type SharedSalts } from './daily-salts.ts';
import { createIpCountryLookup, type IpCountryLookup } from './ip-country.ts';
import { liveReadRoutes } from './live-reads.routes.ts';
import { createUserAgentReader } from './user-agent-details.ts';
import { createVisitorCollector, type OnVisitorEventsAccepted } from './visitor-collector.ts';
import { localVisitorState, type VisitorLiveState } from './visitor-live-state.ts';
import { VisitorSessions } from './visitor-sessions.ts';
import { dashboardsRoom, VisitorsBroadcaster } from './visitors-broadcaster.ts';
import { visitorsCors } from './visitors-cors.ts';
import {
  type CountDashboards,
  registerVisitorsNamespace,
  type TrackDashboardAction,
  visitorFeedShared,
} from './visitors-namespace.ts';

/** How often finished visits are swept out and the spike alert re-read. */
const sweepIntervalMs = 1_000;
const collectorBodyLimitBytes = 64 * 1024;

export type VisitorAnalyticsConfig = Pick<
  RealtimeConfig,
  | 'NODE_ID'
  | 'TOKEN_STATE_CACHE_MS'
  | 'SESSION_TIMEOUT_MINUTES'
  | 'VISITOR_LEAVE_GRACE_MS'
  | 'VISITOR_SESSIONS_MAX'
  | 'VISITOR_JOURNEY_MAX_PAGES'
  | 'VISITOR_BROADCAST_MS'
  | 'ALERT_THRESHOLD'
  | 'COLLECTOR_RATE_LIMIT_PER_MINUTE'
  | 'CORS_ORIGINS'
>;

export interface VisitorAnalyticsDeps {
  config: VisitorAnalyticsConfig;
  io: RealtimeServer;
  jwt: Pick<JWT, 'verify'>;
  api: Pick<InternalApiClient, 'checkToken'>;
  clock: Clock;
  logger: Logger;
  /** Every accepted event, in order (the history path: part B's outbox). Default: nothing. */
  onAccepted?: OnVisitorEventsAccepted;
  /** Whether the history path can take `events` more now; when not, the collector answers 503. Default: always. */
  historyHasRoom?: (events: number) => boolean;
  /** A dashboard's `track_dashboard_action` (the feature-tracking path). Default: nothing. */
  trackDashboardAction?: TrackDashboardAction;
  /** The IP → country database; tests pass their own. */
  countries?: IpCountryLookup;
  /** Where the collector's per-IP limit counts (in Redis with REDIS_URL, so it holds across nodes). Default: memory. */
  rateLimiters?: RateLimiterFactory;
  /** With several nodes (REDIS_URL): the visits, salts and dashboards shared through Redis. Default: this node's. */
  cluster?: VisitorCluster | undefined;
}

/** What a cluster of realtime nodes shares of visitor analytics (cluster/cluster-visits.ts). */
export interface VisitorCluster {
  /** The cluster's visits, this node's `local` ones underneath. */
  liveState(local: VisitorSessions): VisitorLiveState;
  salts: SharedSalts;
  countDashboards: CountDashboards;
}

/**
 * Visitor analytics (seed 002), the live half: the collector, the live state, the admin reads and
 * the `/visitors` dashboard socket. `registerRoutes` adds the HTTP routes; `start`/`stop` run the sweep.
 */
export function createVisitorAnalytics(deps: VisitorAnalyticsDeps) {
  const { config, clock } = deps;
  const logger = deps.logger.child({ module: 'visitors' });
  const startedAt = clock.now();
  const sessions = new VisitorSessions({
    clock,
    sessionTimeoutMs: config.SESSION_TIMEOUT_MINUTES * 60_000,
    leaveGraceMs: config.VISITOR_LEAVE_GRACE_MS,
    maxSessions: config.VISITOR_SESSIONS_MAX,
    journeyMaxPages: config.VISITOR_JOURNEY_MAX_PAGES,
  });
  const state = deps.cluster?.liveState(sessions) ?? localVisitorState(sessions);
  const checkAdmin = createAdminTokenCheck({
    jwt: deps.jwt,
    api: deps.api,
    cacheTtlMs: config.TOKEN_STATE_CACHE_MS,
    logger,
  });
  const namespace = registerVisitorsNamespace(deps.io, {
    checkAdmin,
    state,
    trackDashboardAction: deps.trackDashboardAction ?? (() => {}),
    countDashboards: deps.cluster?.countDashboards,
    clock,
    logger,
  });
  // Each node writes to its own dashboards; with several nodes, their events are shared instead.
  const broadcaster = new VisitorsBroadcaster({
    room: () => namespace.local.to(dashboardsRoom),
    state,
    clock,
    intervalMs: config.VISITOR_BROADCAST_MS,
    alertThreshold: config.ALERT_THRESHOLD,
    logger,
    share: deps.cluster && ((batch) => namespace.serverSideEmit(visitorFeedShared, batch)),
  });
  if (deps.cluster) {
    namespace.on(visitorFeedShared, (batch: unknown) => {
      const parsed = visitorFeedBatchSchema.safeParse(batch);
      if (parsed.success) broadcaster.noteShared(parsed.data);
      else logger.warn({ issues: parsed.error.issues.slice(0, 3) }, 'malformed visitor feed from another node dropped');
    });
  }
  const collector = createVisitorCollector({
    state,
    salts: new DailySalts(clock, undefined, deps.cluster?.salts),
    readUserAgent: createUserAgentReader(),
    countries: deps.countries ?? createIpCountryLookup(),
    feed: broadcaster,
    onAccepted: deps.onAccepted ?? (() => {}),
    clock,
    logger,
  });

  async function status(): Promise<VisitorStatus> {
    const counts = collector.counts();
    const census = await state.census();
    return {
      server: {
        status: 'running',
        uptime_seconds: Math.max(0, Math.floor((clock.now() - startedAt) / 1000)),
        node_id: config.NODE_ID,
        started_at: new Date(startedAt).toISOString(),
      },
      socket: { dashboards_connected: namespace.sockets.size, connections: deps.io.engine.clientsCount },
      visitors: {
        live_sessions: census.liveSessions,
        total_active: census.active,
        events_accepted: counts.accepted,
        events_dropped: counts.dropped,
        evictions: census.evictions,
      },
    };
  }

  let sweepTimer: unknown;
  let sweeping = false;
  function sweep(): void {
    sweepTimer = clock.setTimeout(sweep, sweepIntervalMs);
    // A sweep through Redis slower than the interval is not run twice at once.
    if (sweeping) return;
    sweeping = true;
    void state
      .sweep()
      .then(() => broadcaster.tick())
      .catch((error: unknown) => logger.error({ err: error }, 'visitor sweep failed'))
      .finally(() => {
        sweeping = false;
      });
  }

  return {
    sessions,
    async registerRoutes(app: HttpServer): Promise<void> {
      // The one CORS registration answers every preflight (its `OPTIONS *` route), the collector's
      // included, and covers the reads; the collector's POSTs, beside it, set their fixed headers
      // themselves (visitors-cors.ts).
      await app.register(async (visitorRoutes) => {
        await visitorRoutes.register(cors, { delegator: visitorsCors(config.CORS_ORIGINS) });
        await visitorRoutes.register(liveReadRoutes, { state, checkAdmin, status, clock });
      });
      await app.register(collectorRoutes, {
        collector,
        state,
        clock,
        historyHasRoom: deps.historyHasRoom ?? (() => true),
        ratePerMinute: config.COLLECTOR_RATE_LIMIT_PER_MINUTE,
        limiters: deps.rateLimiters ?? inMemoryRateLimiters,
        bodyLimitBytes: collectorBodyLimitBytes,
      });
    },
    /** The figures `/health` shows: this node's memory (with several nodes, the cluster's are in /api/status). */
    health() {
      const counts = collector.counts();
      return { liveSessions: sessions.size, evictions: sessions.evictions, ...counts, ...state.health() };
    },
    start(): void {
      if (sweepTimer === undefined) sweepTimer = clock.setTimeout(sweep, sweepIntervalMs);
    },
    stop(): void {
      if (sweepTimer !== undefined) clock.clearTimeout(sweepTimer);
      sweepTimer = undefined;
      broadcaster.stop();
    },
  };
}

export type VisitorAnalytics = ReturnType<typeof createVisitorAnalytics>;
