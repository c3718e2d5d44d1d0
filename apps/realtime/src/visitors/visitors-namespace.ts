import {
  AppError,
  requestDetailedStatsPayloadSchema,
  type TrackDashboardActionPayload,
  trackDashboardActionPayloadSchema,
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
import type { VisitorSessions } from './visitor-sessions.ts';
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

export type VisitorsNamespace = Namespace<
  VisitorsClientToServerEvents,
  VisitorsServerToClientEvents,
  Record<string, never>,
  DashboardSocketData
>;

/**
 * `/visitors` (seed 002): the live dashboard. Admins only — the handshake's `auth.token` must be
 * an admin's access token, others get `connect_error` (`err.data.code`: unauthorized or forbidden).
 * Every dashboard joins one room, which the VisitorsBroadcaster writes to.
 */
export function registerVisitorsNamespace(
  io: RealtimeServer,
  deps: {
    checkAdmin: AdminTokenCheck;
    sessions: VisitorSessions;
    trackDashboardAction: TrackDashboardAction;
    clock: Clock;
    logger: Logger;
  },
): VisitorsNamespace {
  const { sessions, clock } = deps;
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
    namespace.to(dashboardsRoom).emit('user_connected', {
      total_dashboards: namespace.sockets.size,
      connected_at: new Date(clock.now()).toISOString(),
    });

    socket.on('request_detailed_stats', (payload, ack) =>
      acknowledge(ack, logger, () => {
        const { filter = {} } = parsePayload(requestDetailedStatsPayloadSchema, payload);
        const country = filter.country === undefined ? undefined : (countryName(filter.country) ?? filter.country);
        return sessions.detailedStats({ ...filter, ...(country === undefined ? {} : { country }) });
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
