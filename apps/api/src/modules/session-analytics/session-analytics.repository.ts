import type { PaginationQuery } from '@showfloor/contracts';
import { Prisma, type PrismaClient } from '@showfloor/db';
import { productDisplayOrder } from '../session-products/product-display-order.ts';
import { retentionRanges } from './retention-ranges.ts';

/** Whole seconds watched by every subscriber view, and the figures derived from them. */
export interface WatchTimeStats {
  totalViews: number;
  uniqueUsers: number;
  /** Mean over views of at least 10 s, whole seconds. */
  avgWatchSeconds: number;
  /** Views per retention range, in the order of `retentionRanges`. */
  rangeCounts: number[];
  medianSeconds: number;
  p75Seconds: number;
  p90Seconds: number;
}

export interface TimelineHour {
  hour: Date;
  joins: number;
  leaves: number;
}

export interface SnapshotMinute {
  minute: Date;
  viewerCount: number;
  avgViewers: number;
  peakViewers: number;
  minViewers: number;
  sampleCount: number;
}

export interface SnapshotSeries {
  minutes: SnapshotMinute[];
  summary: { overallPeak: number; overallAvg: number; overallMin: number; duration: number };
}

export interface ViewRow {
  id: string;
  viewerKey: string;
  userId: string | null;
  userName: string | null;
  guestId: string | null;
  joinedAt: Date;
  leftAt: Date | null;
  watchDuration: number;
}

/** Views shorter than this are left out of the average watch time (seed 003). */
const minCountedWatchSeconds = 10;

/**
 * How long one view lasted, in whole seconds. A closed view keeps the duration the realtime service
 * computed (else its timestamps say); an open one counts up to `openUntil` — the request's now, or
 * the stream's end for an ended session, so a view a crashed node never closed does not grow forever.
 */
function watchSeconds(openUntil: Date): Prisma.Sql {
  return Prisma.sql`(CASE
    WHEN left_at IS NOT NULL THEN coalesce(watch_duration, floor(extract(epoch FROM left_at - joined_at)))
    ELSE greatest(0, floor(extract(epoch FROM ${openUntil}::timestamptz - joined_at)))
  END)::float8`;
}

/** One `count(*) FILTER` per retention range, in range order, read back as an int[]. */
const rangeCounts = Prisma.sql`ARRAY[${Prisma.join(
  retentionRanges.map((range) =>
    range.toSeconds === null
      ? Prisma.sql`count(*) FILTER (WHERE seconds >= ${range.fromSeconds}::float8)`
      : Prisma.sql`count(*) FILTER (WHERE seconds >= ${range.fromSeconds}::float8 AND seconds < ${range.toSeconds}::float8)`,
  ),
)}]::int[]`;

/** Rounded as numeric (half away from zero); double precision would round half to even. */
const wholeSeconds = (value: Prisma.Sql) => Prisma.sql`coalesce(round((${value})::numeric), 0)::int`;

const percentile = (fraction: number) =>
  wholeSeconds(Prisma.sql`percentile_cont(${fraction}::float8) WITHIN GROUP (ORDER BY seconds)`);

/*
 * Every query below reads one session's rows through an index that starts with session_id
 * (session_views (session_id, joined_at), viewer_snapshots (session_id, minute, node_id),
 * session_products' primary key). Metrics come back as aggregates; only the view history returns
 * rows, one page of them.
 */
export function createSessionAnalyticsRepository(prisma: PrismaClient) {
  return {
    findSession(id: string) {
      return prisma.session.findUnique({
        where: { id },
        select: {
          id: true,
          creatorId: true,
          title: true,
          status: true,
          startedAt: true,
          endedAt: true,
          createdAt: true,
          updatedAt: true,
          peakViewers: true,
          reactionCounts: true,
          // The email is for the response's `session.creator` (seed 003); only the creator or an admin reads it.
          creator: { select: { id: true, name: true, email: true } },
        },
      });
    },

    /** Linked products in display order (then the order they were added). */
    listProducts(sessionId: string) {
      return prisma.sessionProduct.findMany({
        where: { sessionId },
        orderBy: productDisplayOrder,
        select: {
          productId: true,
          featured: true,
          displayOrder: true,
          addedAt: true,
          product: { select: { name: true } },
        },
      });
    },

    /** Counts, mean, retention ranges and percentiles of the subscribers' watch times, in one scan. */
    async watchTimeStats(sessionId: string, openUntil: Date): Promise<WatchTimeStats> {
      const [row] = await prisma.$queryRaw<WatchTimeStats[]>`
        WITH views AS (
          SELECT user_id, ${watchSeconds(openUntil)} AS seconds
          FROM session_views
          WHERE session_id = ${sessionId}::uuid AND role = 'subscriber'
        )
        SELECT count(*)::int AS "totalViews",
               count(DISTINCT user_id)::int AS "uniqueUsers",
               ${wholeSeconds(Prisma.sql`avg(seconds) FILTER (WHERE seconds >= ${minCountedWatchSeconds}::float8)`)}
                 AS "avgWatchSeconds",
               ${rangeCounts} AS "rangeCounts",
               ${percentile(0.5)} AS "medianSeconds",
               ${percentile(0.75)} AS "p75Seconds",
               ${percentile(0.9)} AS "p90Seconds"
        FROM views`;
      if (!row) throw new Error('aggregate query returned no row');
      return row;
    },

    /** Subscribers' joins and leaves per UTC hour, only hours with at least one of either. */
    viewerTimeline(sessionId: string): Promise<TimelineHour[]> {
      return prisma.$queryRaw<TimelineHour[]>`
        WITH events AS (
          SELECT date_trunc('hour', joined_at AT TIME ZONE 'UTC') AS hour, 1 AS joins, 0 AS leaves
          FROM session_views
          WHERE session_id = ${sessionId}::uuid AND role = 'subscriber'
          UNION ALL
          SELECT date_trunc('hour', left_at AT TIME ZONE 'UTC'), 0, 1
          FROM session_views
          WHERE session_id = ${sessionId}::uuid AND role = 'subscriber' AND left_at IS NOT NULL
        )
        SELECT hour AT TIME ZONE 'UTC' AS hour, sum(joins)::int AS joins, sum(leaves)::int AS leaves
        FROM events
        GROUP BY events.hour
        ORDER BY events.hour`;
    },

    /**
     * The highest peak the snapshots support: per minute, the SUM over nodes of their peaks (each
     * node counts only its own viewers), then the largest minute. When several nodes served one
     * minute the sum is an upper bound of the true concurrent peak; with one node it is exact.
     */
    async snapshotPeak(sessionId: string): Promise<number> {
      const [row] = await prisma.$queryRaw<[{ peak: number }]>`
        SELECT coalesce(max(minute_peak), 0)::int AS peak
        FROM (
          SELECT sum(peak_viewers) AS minute_peak
          FROM viewer_snapshots
          WHERE session_id = ${sessionId}::uuid
          GROUP BY minute
        ) per_minute`;
      return row?.peak ?? 0;
    },

    /**
     * Minute snapshots since `since` (inclusive; null for all), one row per minute with the nodes
     * that reported it combined: viewerCount, avgViewers, peakViewers and minViewers are sums over
     * the nodes, sampleCount the largest node's. The summary is computed over the combined minutes
     * by window aggregates, so one query yields both.
     */
    async snapshotSeries(sessionId: string, since: Date | null): Promise<SnapshotSeries> {
      const window = since === null ? Prisma.empty : Prisma.sql`AND minute >= ${since}::timestamptz`;
      const rows = await prisma.$queryRaw<(SnapshotMinute & SnapshotSeries['summary'])[]>`
        WITH combined AS (
          SELECT minute,
                 sum(viewer_count)::int AS viewer_count,
                 sum(avg_viewers) AS avg_viewers,
                 sum(peak_viewers)::int AS peak_viewers,
                 sum(min_viewers)::int AS min_viewers,
                 max(sample_count)::int AS sample_count
          FROM viewer_snapshots
          WHERE session_id = ${sessionId}::uuid ${window}
          GROUP BY minute
        )
        SELECT minute AS "minute",
               viewer_count AS "viewerCount",
               round(avg_viewers::numeric, 2)::float8 AS "avgViewers",
               peak_viewers AS "peakViewers",
               min_viewers AS "minViewers",
               sample_count AS "sampleCount",
               max(peak_viewers) OVER () AS "overallPeak",
               round(avg(avg_viewers) OVER ()::numeric, 2)::float8 AS "overallAvg",
               min(min_viewers) OVER () AS "overallMin",
               (extract(epoch FROM max(minute) OVER () - min(minute) OVER ()) / 60)::int + 1 AS "duration"
        FROM combined
        ORDER BY minute`;
      const first = rows[0];
      return {
        minutes: rows.map(({ minute, viewerCount, avgViewers, peakViewers, minViewers, sampleCount }) => ({
          minute,
          viewerCount,
          avgViewers,
          peakViewers,
          minViewers,
          sampleCount,
        })),
        summary: first
          ? {
              overallPeak: first.overallPeak,
              overallAvg: first.overallAvg,
              overallMin: first.overallMin,
              duration: first.duration,
            }
          : { overallPeak: 0, overallAvg: 0, overallMin: 0, duration: 0 },
      };
    },

    /** Every publisher view, newest first (the creator's own joins: few per session). */
    listPublisherViews(sessionId: string, openUntil: Date): Promise<ViewRow[]> {
      return prisma.$queryRaw<ViewRow[]>`
        SELECT v.id, v.viewer_key AS "viewerKey", v.user_id AS "userId", u.name AS "userName",
               v.guest_id AS "guestId", v.joined_at AS "joinedAt", v.left_at AS "leftAt",
               ${watchSeconds(openUntil)}::int AS "watchDuration"
        FROM session_views v LEFT JOIN users u ON u.id = v.user_id
        WHERE v.session_id = ${sessionId}::uuid AND v.role = 'publisher'
        ORDER BY v.joined_at DESC, v.id ASC`;
    },

    /** One page of subscriber views, newest first, and how many there are in all. */
    async pageSubscriberViews(
      sessionId: string,
      openUntil: Date,
      page: PaginationQuery,
    ): Promise<{ items: ViewRow[]; total: number }> {
      const [items, [counted]] = await Promise.all([
        prisma.$queryRaw<ViewRow[]>`
          SELECT v.id, v.viewer_key AS "viewerKey", v.user_id AS "userId", u.name AS "userName",
                 v.guest_id AS "guestId", v.joined_at AS "joinedAt", v.left_at AS "leftAt",
                 ${watchSeconds(openUntil)}::int AS "watchDuration"
          FROM session_views v LEFT JOIN users u ON u.id = v.user_id
          WHERE v.session_id = ${sessionId}::uuid AND v.role = 'subscriber'
          ORDER BY v.joined_at DESC, v.id ASC
          LIMIT ${page.limit} OFFSET ${page.offset}`,
        prisma.$queryRaw<[{ total: number }]>`
          SELECT count(*)::int AS total FROM session_views
          WHERE session_id = ${sessionId}::uuid AND role = 'subscriber'`,
      ]);
      return { items, total: counted?.total ?? 0 };
    },

    /** Names of signed-in live viewers, by id. */
    async userNames(ids: readonly string[]): Promise<Map<string, string | null>> {
      if (ids.length === 0) return new Map();
      const users = await prisma.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } });
      return new Map(users.map((user) => [user.id, user.name]));
    },
  };
}

export type SessionAnalyticsRepository = ReturnType<typeof createSessionAnalyticsRepository>;
export type AnalyticsSessionRecord = NonNullable<Awaited<ReturnType<SessionAnalyticsRepository['findSession']>>>;
