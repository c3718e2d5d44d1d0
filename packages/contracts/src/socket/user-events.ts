import { z } from 'zod';
import { activitySchema } from '../rest/activities.ts';
import { userEngagementStatsSchema } from '../rest/engagement-stats.ts';
import { notificationSchema } from '../rest/notifications.ts';

/*
 * Events for one user, pushed by the API to their private `user:<id>` room — every tab they have
 * open, on any node. Each carries the unread counts after the change, so every badge shows the
 * same number without asking; a push that never arrives loses nothing, as the next fetch has it.
 */

export const userSocketEvents = {
  activityCreated: 'activity:created',
  notificationReceived: 'notification:received',
  unreadCounts: 'unread:counts',
  usersStatus: 'users:status',
  dataRequest: 'data:request',
  analyticsUpdated: 'analytics:updated',
} as const;

/** `users:status`, to admins' sockets: how many distinct signed-in users have a socket open now. */
export const usersStatusSchema = z.object({ online: z.number().int().nonnegative() });
export type UsersStatus = z.infer<typeof usersStatusSchema>;

export const unreadCountsSchema = z.object({
  activities: z.number().int().nonnegative(),
  notifications: z.number().int().nonnegative(),
});
export type UnreadCounts = z.infer<typeof unreadCountsSchema>;

// On the wire timestamps are ISO text (the REST views hold Dates inside the services).
const iso = z.iso.datetime({ offset: true });
export const activityEventSchema = activitySchema.extend({ readAt: iso.nullable(), createdAt: iso });
export const notificationEventSchema = notificationSchema.extend({
  readAt: iso.nullable(),
  expiresAt: iso.nullable(),
  createdAt: iso,
});

/** The figures a stats badge shows, as GET /api/analytics/:userId computes them. */
export const engagementSummarySchema = userEngagementStatsSchema.pick({
  userId: true,
  totalWatchHours: true,
  watchHoursThisWeek: true,
  totalStreamingHours: true,
  streamingHoursThisWeek: true,
  currentStreak: true,
  longestStreak: true,
});
export type EngagementSummary = z.infer<typeof engagementSummarySchema>;

export const userEventSchemas = {
  'activity:created': z.object({ activity: activityEventSchema, unread: unreadCountsSchema }),
  'notification:received': z.object({ notification: notificationEventSchema, unread: unreadCountsSchema }),
  /** After a mark-read, read-all, delete or clear-all (in any tab), and on reconnect. */
  'unread:counts': z.object({ unread: unreadCountsSchema }),
  /**
   * After one of the user's views closes or one of their streams ends: the headline figures
   * (GET /api/analytics/me has the weekly chart and counters).
   */
  'analytics:updated': z.object({ stats: engagementSummarySchema }),
} as const;
export type UserEventName = keyof typeof userEventSchemas;
export type UserEventPayload<E extends UserEventName> = z.infer<(typeof userEventSchemas)[E]>;

export type UserEventListeners = {
  [E in UserEventName]: (payload: UserEventPayload<E>) => void;
} & { 'users:status': (payload: UsersStatus) => void };

/** What a signed-in user's badges show: both unread counts and the stats summary (API → realtime). */
export const userSnapshotSchema = z.object({ unread: unreadCountsSchema, stats: engagementSummarySchema });
export type UserSnapshot = z.infer<typeof userSnapshotSchema>;

/** The ack of `data:request` (signed-in sockets): what the badges and dashboards need on (re)connect. */
export const dataRequestResultSchema = userSnapshotSchema.extend({ usersOnline: z.number().int() });
export type DataRequestResult = z.infer<typeof dataRequestResultSchema>;
