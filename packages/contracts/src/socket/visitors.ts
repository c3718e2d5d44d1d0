import { z } from 'zod';
import { featureNameSchema, trackPropertiesSchema } from '../rest/feature-analytics.ts';
import {
  type VisitorCurrentStats,
  type VisitorDetailedStats,
  visitorLiveDeviceSchema,
  visitorLiveFilterSchema,
} from '../rest/visitor-live.ts';
import type { AckCallback } from './socket-ack.ts';

/** The visitor dashboard's Socket.IO namespace (seed 002); admins only. */
export const visitorsNamespace = '/visitors';

export const visitorsSocketEvents = {
  userConnected: 'user_connected',
  visitorUpdate: 'visitor_update',
  sessionActivity: 'session_activity',
  alert: 'alert',
  requestDetailedStats: 'request_detailed_stats',
  trackDashboardAction: 'track_dashboard_action',
} as const;

/** One accepted event as a dashboard sees it. */
export const visitorFeedEventSchema = z.object({
  type: z.string(),
  page: z.string(),
  session_id: z.string(),
  timestamp: z.iso.datetime(),
  country: z.string().nullable(),
  device: visitorLiveDeviceSchema.nullable(),
  browser: z.string().nullable(),
  referrer: z.string().nullable(),
});
export type VisitorFeedEvent = z.infer<typeof visitorFeedEventSchema>;

export interface VisitorLiveStats extends VisitorCurrentStats {
  visitors_last_minute: number;
}

/**
 * Coalesced: at most one per VISITOR_BROADCAST_MS per dashboard room. `event` is the latest event
 * (the seed's field); `events` every event since the previous batch, oldest first (at most 100,
 * `omitted` counts the rest); `stats` are read when the batch goes.
 */
export interface VisitorUpdatePayload {
  event: VisitorFeedEvent;
  events: VisitorFeedEvent[];
  omitted: number;
  stats: VisitorLiveStats;
}

export const sessionActivitySchema = z.object({
  session_id: z.string(),
  current_page: z.string(),
  journey: z.array(z.string()),
  /** Seconds since the session began. */
  duration: z.number().int().nonnegative(),
});
export type SessionActivity = z.infer<typeof sessionActivitySchema>;

/**
 * Between realtime nodes (through the Socket.IO adapter): one node's events of the last moment,
 * which every other node puts into its own dashboards' batches. Bounded as a dashboard's batch is.
 */
export const visitorFeedBatchSchema = z.object({
  events: z.array(visitorFeedEventSchema).max(100),
  omitted: z.number().int().nonnegative(),
  sessions: z.array(sessionActivitySchema).max(100),
});
export type VisitorFeedBatch = z.infer<typeof visitorFeedBatchSchema>;

/** Coalesced like visitor_update: the latest session's fields (the seed's), and `sessions`, each changed session once. */
export interface SessionActivityPayload extends SessionActivity {
  sessions: SessionActivity[];
}

export interface VisitorAlertPayload {
  level: 'info' | 'warning';
  message: string;
  details: { visitors_last_minute: number; threshold: number };
}

export interface UserConnectedPayload {
  total_dashboards: number;
  connected_at: string;
}

export const requestDetailedStatsPayloadSchema = z
  .object({ filter: visitorLiveFilterSchema.optional() })
  .optional()
  .transform((payload) => payload ?? {});

/**
 * Recorded as the feature `visitors_dashboard.<action>` (feature analytics), so `action` follows
 * the feature-name rule, 40 characters at most, and `details` are that event's properties.
 */
export const trackDashboardActionPayloadSchema = z.object({
  action: featureNameSchema.max(40, 'must be at most 40 characters'),
  details: trackPropertiesSchema.optional(),
});
export type TrackDashboardActionPayload = z.infer<typeof trackDashboardActionPayloadSchema>;

export interface VisitorsSocketCommands {
  request_detailed_stats: {
    payload: z.input<typeof requestDetailedStatsPayloadSchema>;
    result: VisitorDetailedStats;
  };
  track_dashboard_action: { payload: TrackDashboardActionPayload; result: { recorded: true } };
}

/** The server's view: payloads untrusted until parsed; the ack optional. */
export type VisitorsClientToServerEvents = {
  [E in keyof VisitorsSocketCommands]: (
    payload: unknown,
    ack?: AckCallback<VisitorsSocketCommands[E]['result']>,
  ) => void;
};

/** A client's view (socket.io-client's emit map). */
export type VisitorsClientToServerEmits = {
  [E in keyof VisitorsSocketCommands]: (
    payload: VisitorsSocketCommands[E]['payload'],
    ack: AckCallback<VisitorsSocketCommands[E]['result']>,
  ) => void;
};

export interface VisitorsServerToClientEvents {
  user_connected: (payload: UserConnectedPayload) => void;
  visitor_update: (payload: VisitorUpdatePayload) => void;
  session_activity: (payload: SessionActivityPayload) => void;
  alert: (payload: VisitorAlertPayload) => void;
}
