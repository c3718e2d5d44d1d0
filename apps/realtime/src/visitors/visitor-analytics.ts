import cors from '@fastify/cors';
import type { JWT } from '@fastify/jwt';
import type { RealtimeConfig } from '@showfloor/config';
import type { VisitorStatus } from '@showfloor/contracts';
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
import { DailySalts } from './daily-salts.ts';
import { createIpCountryLookup, type IpCountryLookup } from './ip-country.ts';
import { liveReadRoutes } from './live-reads.routes.ts';
import { createUserAgentReader } from './user-agent-details.ts';
import { createVisitorCollector, type OnVisitorEventsAccepted } from './visitor-collector.ts';
import { VisitorSessions } from './visitor-sessions.ts';
import { dashboardsRoom, VisitorsBroadcaster } from './visitors-broadcaster.ts';
import { visitorsCors } from './visitors-cors.ts';
import { registerVisitorsNamespace, type TrackDashboardAction } from './visitors-namespace.ts';

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
  const checkAdmin = createAdminTokenCheck({
    jwt: deps.jwt,
    api: deps.api,
    cacheTtlMs: config.TOKEN_STATE_CACHE_MS,
    logger,
  });
  const namespace = registerVisitorsNamespace(deps.io, {
    checkAdmin,
    sessions,
    trackDashboardAction: deps.trackDashboardAction ?? (() => {}),
    clock,
    logger,
  });
  const broadcaster = new VisitorsBroadcaster({
    room: () => namespace.to(dashboardsRoom),
    sessions,
    clock,
    intervalMs: config.VISITOR_BROADCAST_MS,
    alertThreshold: config.ALERT_THRESHOLD,
  });
  const collector = createVisitorCollector({
    sessions,
    salts: new DailySalts(clock),
    readUserAgent: createUserAgentReader(),
    countries: deps.countries ?? createIpCountryLookup(),
    feed: broadcaster,
    onAccepted: deps.onAccepted ?? (() => {}),
    clock,
    logger,
  });

  function status(): VisitorStatus {
    const counts = collector.counts();
    return {
      server: {
        status: 'running',
        uptime_seconds: Math.max(0, Math.floor((clock.now() - startedAt) / 1000)),
        node_id: config.NODE_ID,
        started_at: new Date(startedAt).toISOString(),
      },
      socket: { dashboards_connected: namespace.sockets.size, connections: deps.io.engine.clientsCount },
      visitors: {
        live_sessions: sessions.size,
        total_active: sessions.activeNow(),
        events_accepted: counts.accepted,
        events_dropped: counts.dropped,
        evictions: sessions.evictions,
      },
    };
  }

  let sweepTimer: unknown;
  function sweep(): void {
    sessions.sweep();
    broadcaster.tick();
    sweepTimer = clock.setTimeout(sweep, sweepIntervalMs);
  }

  return {
    sessions,
    async registerRoutes(app: HttpServer): Promise<void> {
      // The one CORS registration answers every preflight (its `OPTIONS *` route), the collector's
      // included, and covers the reads; the collector's POSTs, beside it, set their fixed headers
      // themselves (visitors-cors.ts).
      await app.register(async (visitorRoutes) => {
        await visitorRoutes.register(cors, { delegator: visitorsCors(config.CORS_ORIGINS) });
        await visitorRoutes.register(liveReadRoutes, { sessions, checkAdmin, status, clock });
      });
      await app.register(collectorRoutes, {
        collector,
        sessions,
        clock,
        historyHasRoom: deps.historyHasRoom ?? (() => true),
        ratePerMinute: config.COLLECTOR_RATE_LIMIT_PER_MINUTE,
        limiters: deps.rateLimiters ?? inMemoryRateLimiters,
        bodyLimitBytes: collectorBodyLimitBytes,
      });
    },
    /** The figures `/health` shows. */
    health() {
      const counts = collector.counts();
      return { liveSessions: sessions.size, evictions: sessions.evictions, ...counts };
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
