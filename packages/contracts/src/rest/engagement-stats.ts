import { z } from 'zod';
import { pageMetaSchema, paginationQuerySchema } from './pagination.ts';
import { timestampSchema } from './timestamp.ts';

/*
 * Seed 001's user statistics and leaderboard, true to Showfloor: hours watched and streamed,
 * streaks of days with a watched or streamed session, and counters — all derived on the server
 * from what was tracked (views, sessions, chat, product clicks). Nothing here is written by a
 * client: seed 001's PATCH/POST routes for hours, streaks and weekly data do not exist.
 */

const hours = z.number().nonnegative().describe('hours, rounded to two decimals');
const count = z.number().int().nonnegative();
const calendarDate = z.iso.date();

/** `/api/analytics/:userId` — `me` stands for the caller. */
export const statsOwnerParamsSchema = z.object({ userId: z.union([z.literal('me'), z.uuid()]) });

/** One week (Monday to Sunday in the user's zone) of the weekly chart. */
export const weeklyEngagementSchema = z.object({
  /** The Monday the week starts on, in the user's zone. */
  weekStart: calendarDate,
  watchHours: hours,
  streamingHours: hours,
});
export type WeeklyEngagement = z.infer<typeof weeklyEngagementSchema>;

export const engagementCountersSchema = z.object({
  /** Sessions the user went live with. */
  sessionsStreamed: count,
  /** Distinct sessions the user watched (signed in, as a viewer). */
  sessionsWatched: count,
  /** Chat messages the user sent that moderation has not removed. */
  chatMessages: count,
  /** Products the user clicked, each once per session (seed 003's unique clicks). */
  productClicks: count,
});
export type EngagementCounters = z.infer<typeof engagementCountersSchema>;

/**
 * A user's engagement. Days and weeks are the user's own (`timeZone`, UTC unless the profile sets
 * one): a day counts for a streak when a view of the user's began on it, or a stream of theirs
 * started on it. The current streak is the run of such days that ends today or yesterday (today
 * is not over yet); it is 0 once a whole day has passed without one.
 */
export const userEngagementStatsSchema = z.object({
  userId: z.uuid(),
  timeZone: z.string(),
  /** Closed views as a subscriber (their stored watchDuration). */
  totalWatchHours: hours,
  watchHoursThisWeek: hours,
  /** The user's ended streams, started → ended. */
  totalStreamingHours: hours,
  streamingHoursThisWeek: hours,
  currentStreak: count,
  longestStreak: count,
  /** The first day of the current streak; null when it is 0. */
  currentStreakStart: calendarDate.nullable(),
  /** The last day with a watched or streamed session; null when there is none. */
  lastActiveDate: calendarDate.nullable(),
  /** The last 12 weeks, oldest first, this week last. */
  weeklyData: z.array(weeklyEngagementSchema),
  counters: engagementCountersSchema,
  computedAt: timestampSchema,
});
export type UserEngagementStats = z.infer<typeof userEngagementStatsSchema>;

export const leaderboardPeriodSchema = z.enum(['week', 'month', 'all']);
export type LeaderboardPeriod = z.infer<typeof leaderboardPeriodSchema>;
export const leaderboardRoleSchema = z.enum(['viewers', 'creators']);
export type LeaderboardRole = z.infer<typeof leaderboardRoleSchema>;

export const leaderboardQuerySchema = paginationQuerySchema.extend({
  /** This calendar week (from Monday) or month in UTC, or all time. One board for everyone, so one zone. */
  period: leaderboardPeriodSchema.default('week'),
  role: leaderboardRoleSchema.default('viewers'),
});
export type LeaderboardQuery = z.infer<typeof leaderboardQuerySchema>;

/**
 * One ranked user. `rank` is a dense rank: equal hours (to the second) share a rank and the next
 * hours get the next number; within a rank, users are ordered by name, then id.
 */
export const leaderboardEntrySchema = z.object({
  rank: z.number().int().positive(),
  userId: z.uuid(),
  username: z.string().nullable(),
  name: z.string().nullable(),
  /** Viewers: hours they watched. Creators: hours others watched of their streams. */
  hours,
});
export type LeaderboardEntry = z.infer<typeof leaderboardEntrySchema>;

export const leaderboardSchema = z.object({
  period: leaderboardPeriodSchema,
  role: leaderboardRoleSchema,
  /** When the period began (null for all time). */
  periodStart: timestampSchema.nullable(),
  entries: z.array(leaderboardEntrySchema),
  /** The caller's own place, on this page or not; null when they have no hours in the period. */
  me: leaderboardEntrySchema.nullable(),
  /** When the ranking was computed: it is reused for a few seconds (LEADERBOARD_CACHE_MS). */
  computedAt: timestampSchema,
});
export type Leaderboard = z.infer<typeof leaderboardSchema>;

/** `meta` pages over the ranked users (total = users with hours in the period). */
export const leaderboardEnvelope = z.object({
  success: z.literal(true),
  message: z.string().optional(),
  data: leaderboardSchema,
  meta: pageMetaSchema,
});
