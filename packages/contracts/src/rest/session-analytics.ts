import { z } from 'zod';
import { successEnvelope } from '../envelope.ts';
import { figuresFinalSchema } from './engagement-analytics.ts';
import { pageMetaSchema, paginationQuerySchema } from './pagination.ts';
import { sessionStatusSchema } from './sessions.ts';
import { timestampSchema } from './timestamp.ts';

/*
 * /api/sessions/:sessionId/analytics… — seed 003 "Session Analytics Routes" and seed 000 "Analytics
 * Dashboard". Owner (the session's creator) or admin only. Publishers (the creator watching their
 * own stream) are left out of every number here except the `publishers` list of the view history.
 */

const count = z.number().int().nonnegative();
/** Whole seconds. */
const seconds = z.number().int().nonnegative();
/** `45s`, `7m 0s`, `1h 2m 3s`; zero is `0s`. */
const formattedDuration = z.string();
const personSchema = z.object({ id: z.uuid(), name: z.string().nullable() });

export const retentionRangeLabelSchema = z.enum(['0-30s', '30s-1m', '1m-5m', '5m-15m', '15m-30m', '30m+']);
export type RetentionRangeLabel = z.infer<typeof retentionRangeLabelSchema>;

/** GET /api/sessions/:sessionId/analytics — the seed's shape, plus `isLive` (the name seed 003 gives it on `/reactions`). */
export const sessionAnalyticsSchema = z.object({
  sessionId: z.uuid(),
  /** True when live counters from the realtime service went into `viewers.peak` and `reactions`. */
  isLive: z.boolean(),
  figuresFinal: figuresFinalSchema,
  session: z.object({
    title: z.string(),
    status: sessionStatusSchema,
    /**
     * Seed 003's `{ id, name, email }`. The email is safe here because only the creator themself
     * or an admin can read this endpoint; null when the account has only a username.
     */
    creator: personSchema.extend({ email: z.string().nullable() }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    startedAt: timestampSchema.nullable(),
    endedAt: timestampSchema.nullable(),
  }),
  viewers: z.object({
    /** Distinct signed-in users who watched. */
    unique: count,
    /** View records, guests included (a reload or a second visit is another view). */
    total: count,
    /** Most viewers watching at once. */
    peak: count,
    /** Mean watch time of views lasting at least 10 s, rounded to whole seconds. */
    avgWatchTime: seconds,
    avgWatchTimeFormatted: formattedDuration,
  }),
  products: z.object({
    total: count,
    featured: count,
    /** In display order. */
    list: z.array(
      z.object({
        productId: z.uuid(),
        name: z.string(),
        featured: z.boolean(),
        displayOrder: z.number().int(),
        addedAt: timestampSchema,
      }),
    ),
  }),
  reactions: z.object({
    total: count,
    /** Reaction type → count, most frequent first. */
    breakdown: z.record(z.string(), count),
  }),
  engagement: z.object({
    /** One entry per UTC hour in which a view started or ended, oldest first. */
    viewerTimeline: z.array(z.object({ timestamp: timestampSchema, joins: count, leaves: count })),
    retention: z.object({
      /** Every view, short ones included, by watch time: [0,30), [30,60), [60,300), [300,900), [900,1800), [1800,∞) s. */
      ranges: z.array(z.object({ label: retentionRangeLabelSchema, count })),
      /** Continuous percentiles (percentile_cont) of the same watch times, rounded to whole seconds; 0 with no views. */
      median: seconds,
      medianFormatted: formattedDuration,
      p75: seconds,
      p75Formatted: formattedDuration,
      p90: seconds,
      p90Formatted: formattedDuration,
    }),
  }),
});
export type SessionAnalyticsView = z.infer<typeof sessionAnalyticsSchema>;

/** GET /api/sessions/:sessionId/analytics/live — who is watching right now (subscribers only). */
export const sessionLiveViewersSchema = z.object({
  sessionId: z.uuid(),
  /** False when the session is not live or the realtime service did not answer in time; then `viewers` is empty. */
  isLive: z.boolean(),
  viewerCount: count,
  /** Longest watching first. */
  viewers: z.array(
    z.object({
      viewerKey: z.string(),
      userId: z.uuid().nullable(),
      /** The signed-in viewer's name; null for guests. */
      name: z.string().nullable(),
      guestId: z.string().nullable(),
      joinedAt: timestampSchema,
      /** Whole seconds watched so far (seed 003's name for a view's watch time, as on `/analytics/viewers`). */
      watchDuration: seconds,
    }),
  ),
});
export type SessionLiveViewersView = z.infer<typeof sessionLiveViewersSchema>;

export const sessionViewEntrySchema = z.object({
  id: z.uuid(),
  viewerKey: z.string(),
  /** Null for guests (and for views of a since-deleted account). */
  user: personSchema.nullable(),
  guestId: z.string().nullable(),
  joinedAt: timestampSchema,
  /** Null while the view is still open. */
  leftAt: timestampSchema.nullable(),
  /** Whole seconds; for an open view, so far. */
  watchDuration: seconds,
});
export type SessionViewEntry = z.infer<typeof sessionViewEntrySchema>;

/** `limit` / `offset` page the subscribers; publishers (the creator's own joins) always come in full. */
export const sessionViewHistoryQuerySchema = paginationQuerySchema;

/** GET /api/sessions/:sessionId/analytics/viewers — newest first; `meta` describes the page of subscribers. */
export const sessionViewHistoryEnvelope = successEnvelope(
  z.object({
    sessionId: z.uuid(),
    publishers: z.array(sessionViewEntrySchema),
    subscribers: z.array(sessionViewEntrySchema),
  }),
).extend({ meta: pageMetaSchema });
export type SessionViewHistoryView = z.infer<typeof sessionViewHistoryEnvelope>['data'];

export const snapshotTimeRangeSchema = z.enum(['all', '1h', '6h', '24h', '7d']);
export type SnapshotTimeRange = z.infer<typeof snapshotTimeRangeSchema>;

export const viewerSnapshotsQuerySchema = z.object({ timeRange: snapshotTimeRangeSchema.default('all') });
export type ViewerSnapshotsQuery = z.infer<typeof viewerSnapshotsQuerySchema>;

/**
 * GET /api/sessions/:sessionId/analytics/snapshots — one entry per minute, oldest first. When several
 * realtime nodes reported the same minute, viewerCount, avgViewers, peakViewers and minViewers are
 * the SUMS over the nodes (each node counts its own viewers); sampleCount is the largest node's.
 * The true peak of the combined audience cannot be rebuilt from per-node peaks: their sum is an
 * upper bound (and the sum of minimums a lower bound), exact when one node served the minute.
 */
export const viewerSnapshotSeriesSchema = z.object({
  snapshots: z.array(
    z.object({
      timestamp: timestampSchema,
      viewerCount: count,
      /** Two decimals. */
      avgViewers: z.number().nonnegative(),
      peakViewers: count,
      minViewers: count,
      sampleCount: count,
    }),
  ),
  summary: z.object({
    totalSnapshots: count,
    overallPeak: count,
    /** Mean of the minutes' avgViewers, two decimals; 0 with no snapshots. */
    overallAvg: z.number().nonnegative(),
    overallMin: count,
    /** Minutes from the first snapshot to the last, both included; 0 with no snapshots. */
    duration: count,
  }),
});
export type ViewerSnapshotSeriesView = z.infer<typeof viewerSnapshotSeriesSchema>;
