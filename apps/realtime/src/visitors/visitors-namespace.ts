import {
  AppError,
  requestDetailedStatsPayloadSchema,
  type TrackDashboardActionPayload,
  trackDashboardActionPayloadSchema,
  type VisitorFeedBatch,
  type VisitorsClientToServerEvents,
  type VisitorsServerToClientEvents,
  visitorsNamespace,
} from '@showfloor/contracts';
import type { Clock, Logger } from '@showfloor/server-kit';
import type { ExtendedError, Namespace } from 'socket.io';
import { acknowledge, parsePayload } from '../socket/acknowledge.ts';
import type { RealtimeServer } from '../socket/socket-types.ts';
import type { AdminTokenCheck } from './admin-token-check.ts';
import { countryName } from './country-names.ts';
import type { VisitorLiveState } from './visitor-live-state.ts';
import { dashboardsRoom } from './visitors-broadcaster.ts';

/** Hands a dashboard action to the product's feature tracking (wired by the integrator; no-op by default). */
export type TrackDashboardAction = (
  userId: string,
  action: string,
  details: TrackDashboardActionPayload['details'],
) => void | Promise<void>;

interface DashboardSocketData {
  userId: string;
}

/** Between the nodes' `/visitors` namespaces (through the adapter): each node's recent events. */
export const visitorFeedShared = 'visitor-feed';
interface VisitorsInterServerEvents {
  'visitor-feed': (batch: VisitorFeedBatch) => void;
}

export type VisitorsNamespace = Namespace<
  VisitorsClientToServerEvents,
  VisitorsServerToClientEvents,
  VisitorsInterServerEvents,
  DashboardSocketData
>;

/** Dashboards connected to the whole cluster, given this node's; undefined when it cannot be known now. */
export type CountDashboards = (here: number) => Promise<number | undefined>;

/**
 * `/visitors` (seed 002): the live dashboard. Admins only — the handshake's `auth.token` must be
 * an admin's access token, others get `connect_error` (`err.data.code`: unauthorized or forbidden).
 * Every dashboard joins one room, which the VisitorsBroadcaster writes to.
 */
export function registerVisitorsNamespace(
  io: RealtimeServer,
  deps: {
    checkAdmin: AdminTokenCheck;
    state: VisitorLiveState;
    trackDashboardAction: TrackDashboardAction;
    /** With several nodes: the cluster's dashboards (default: this node's). */
    countDashboards?: CountDashboards | undefined;
    clock: Clock;
    logger: Logger;
  },
): VisitorsNamespace {
  const { state, clock } = deps;
  async function totalDashboards(): Promise<number> {
    const here = namespace.sockets.size;
    return (await deps.countDashboards?.(here).catch(() => undefined)) ?? here;
  }
  const logger = deps.logger.child({ module: 'visitors-socket' });
  const namespace = io.of(visitorsNamespace) as unknown as VisitorsNamespace;

  namespace.use((socket, next: (error?: ExtendedError) => void) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    deps.checkAdmin(typeof token === 'string' ? token : undefined).then(
      (identity) => {
        socket.data.userId = identity.userId;
        next();
      },
      (error: unknown) => {
        if (!(error instanceof AppError)) logger.error({ err: error }, 'visitors handshake failed');
        const refusal: ExtendedError = new Error(error instanceof AppError ? error.message : 'Handshake failed');
        refusal.data = { code: error instanceof AppError ? error.code : 'internal_error', message: refusal.message };
        next(refusal);
      },
    );
  });

  namespace.on('connection', (socket) => {
    void socket.join(dashboardsRoom);
    const connectedAt = new Date(clock.now()).toISOString();
    // To every dashboard, on every node (the adapter carries it).
    void totalDashboards().then((total) =>
      namespace.to(dashboardsRoom).emit('user_connected', { total_dashboards: total, connected_at: connectedAt }),
    );
    socket.on('disconnect', () => void deps.countDashboards?.(namespace.sockets.size).catch(() => undefined));

    socket.on('request_detailed_stats', (payload, ack) =>
      acknowledge(ack, logger, () => {
        const { filter = {} } = parsePayload(requestDetailedStatsPayloadSchema, payload);
        const country = filter.country === undefined ? undefined : (countryName(filter.country) ?? filter.country);
        return state.detailedStats({ ...filter, ...(country === undefined ? {} : { country }) });
      }),
    );

    socket.on('track_dashboard_action', (payload, ack) =>
      acknowledge(ack, logger, async () => {
        const { action, details } = parsePayload(trackDashboardActionPayloadSchema, payload);
        await deps.trackDashboardAction(socket.data.userId, action, details);
        return { recorded: true as const };
      }),
    );
  });
  return namespace;
}
