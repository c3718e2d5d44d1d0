import { z } from 'zod';
import { productClickStatsSchema } from './live-counters.ts';
import { sessionStatusSchema } from './sessions.ts';
import { timestampSchema } from './timestamp.ts';

const count = z.number().int();

/**
 * False only when the session is live or paused but no live counters could be read — the realtime
 * service did not answer in time, or no node tracks the session (nobody has joined it since a
 * restart): the figures are then the last ones persisted (checkpoints, possibly behind or empty).
 * True whenever nothing live was missed, ended sessions included.
 */
const liveDataAvailableSchema = z.boolean();

/**
 * True once the stream has ended and every realtime node that counted it has handed in its final
 * totals: these figures will not change. False while it is on air, or in the moments after it ended
 * while a node's final totals are still on their way.
 */
export const figuresFinalSchema = z.boolean();

export const reactionCountSchema = z.object({ type: z.string(), count });
export type ReactionCount = z.infer<typeof reactionCountSchema>;

/**
 * Seed 003 "Reaction Analytics": the realtime service's counters while the session is live or
 * paused (`isLive: true`), the persisted `Session.reactionCounts` otherwise. `sortedReactions` is
 * most counted first, ties by type name.
 */
export const sessionReactionsSchema = z.object({
  sessionId: z.uuid(),
  sessionStatus: sessionStatusSchema,
  isLive: z.boolean(),
  liveDataAvailable: liveDataAvailableSchema,
  figuresFinal: figuresFinalSchema,
  reactions: z.record(z.string(), count),
  sortedReactions: z.array(reactionCountSchema),
  total: count,
});
export type SessionReactions = z.infer<typeof sessionReactionsSchema>;

/** A product's clicks in an ended (or stored) session: the live figures plus its name and when they were stored. */
export const storedProductClickStatsSchema = productClickStatsSchema.extend({
  productName: z.string(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type StoredProductClickStats = z.infer<typeof storedProductClickStatsSchema>;

/** One day of the creator dashboard's sessions-over-time series. */
export const sessionsOnDaySchema = z.object({ date: z.iso.date(), count });
export type SessionsOnDay = z.infer<typeof sessionsOnDaySchema>;

/*
 * Seed 003 "Get Conversion Stats". The seed puts `sessionId` and `sessionStatus` beside `data`;
 * here they live inside `data`, because every response shares the one `{ success, data }` envelope.
 * `totalViewers` is the number of distinct subscribers who joined (guests included) and
 * `clickThroughRate` = uniqueClicks / totalViewers × 100, one decimal, 0 with no viewers.
 * Products are ordered by unique clicks, then total clicks, most first.
 */
const conversionStatsFields = {
  sessionId: z.uuid(),
  sessionStatus: sessionStatusSchema,
  figuresFinal: figuresFinalSchema,
  totalViewers: count,
};

/** From the realtime service's counters while the session is live or paused. */
export const liveConversionStatsSchema = z.object({
  ...conversionStatsFields,
  isLive: z.literal(true),
  liveDataAvailable: z.literal(true),
  products: z.array(productClickStatsSchema),
});

/**
 * From `product_click_stats` (written when the stream ends) joined with the products. Its
 * `totalViewers` is the session's stored total, or — before the realtime service reported one —
 * the distinct subscribers recorded in the session's view history.
 */
export const storedConversionStatsSchema = z.object({
  ...conversionStatsFields,
  isLive: z.literal(false),
  liveDataAvailable: liveDataAvailableSchema,
  products: z.array(storedProductClickStatsSchema),
});

export const conversionStatsSchema = z.discriminatedUnion('isLive', [
  liveConversionStatsSchema,
  storedConversionStatsSchema,
]);
export type ConversionStats = z.infer<typeof conversionStatsSchema>;

/**
 * Seed 003 "Get Creator Global Analytics", over every session the creator owns. Ended and
 * scheduled sessions contribute their persisted figures; for each session live or paused, the
 * realtime service's counters replace its stored reactions and click stats (with its live viewer
 * total as their CTR denominator) and its live peak counts towards `peakConcurrent`, exactly as
 * `/reactions`, `/conversion-stats` and the session's `/analytics` read them. Viewer counts come
 * from the view records the realtime service delivers as viewers join.
 * The seed puts `creatorId` beside `data`; here it is inside `data`, like every other field.
 */
export const creatorAnalyticsSchema = z.object({
  creatorId: z.uuid(),
  /** False when a session on air could not be read live: its stored (checkpointed) figures stand in. */
  liveDataAvailable: liveDataAvailableSchema,
  sessions: z.object({
    total: count,
    /** Every status is present, zero included. */
    byStatus: z.object({ live: count, ended: count, scheduled: count, paused: count }),
  }),
  viewers: z.object({
    /** Distinct signed-in users who watched any of the sessions as subscribers (guests and the publisher excluded). */
    totalUnique: count,
    /**
     * Distinct signed-in subscribers per session, averaged over the sessions that had at least one
     * subscriber view (guests included), rounded to an integer. Sessions nobody watched — those
     * still scheduled, above all — are left out so that planning streams does not lower it.
     */
    averagePerSession: count,
    /**
     * Highest concurrent subscriber count of any session: the largest of the peak the realtime
     * service reported at the end of the stream, the per-minute snapshot peaks (the peaks several
     * realtime nodes reported for the same minute added up) and, for sessions on air, the live peak.
     */
    peakConcurrent: count,
  }),
  reactions: z.object({
    total: count,
    /** Reactions per type over every session, most counted first. */
    breakdown: z.record(z.string(), count),
  }),
  products: z.object({
    totalClicks: count,
    /**
     * Who clicked is not stored per user (only each product's unique-clicker count), so this is
     * the number of clickers certain to be distinct within each session — at least as many as
     * clicked the session's most-clicked product — summed over sessions. A viewer who clicked in
     * two sessions counts twice.
     */
    uniqueUsers: count,
    /**
     * The mean of every product's click-through rate, each exactly as conversion-stats shows it
     * (`clickThroughRate`), to one decimal with halves rounded up; 0 without clicks.
     */
    averageCTR: z.number(),
  }),
  /**
   * How many of the sessions were created on each UTC day (`YYYY-MM-DD`), oldest first; days
   * without one are left out. Creation rather than start, because every session has a creation
   * time (scheduled ones too), so the counts add up to `sessions.total` and planned streams show.
   */
  sessionsOverTime: z.array(sessionsOnDaySchema),
});
export type CreatorAnalytics = z.infer<typeof creatorAnalyticsSchema>;
