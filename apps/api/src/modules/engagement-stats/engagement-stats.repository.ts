import type { LeaderboardRole } from '@showfloor/contracts';
import { Prisma, type PrismaClient } from '@showfloor/db';

/** Seconds, as the stats queries sum them; bigint from PostgreSQL, a number here (years of seconds fit). */
export interface UserTotals {
  watchSeconds: number;
  watchSecondsThisWeek: number;
  sessionsWatched: number;
  streamingSeconds: number;
  streamingSecondsThisWeek: number;
  sessionsStreamed: number;
  chatMessages: number;
  productClicks: number;
}

export interface WeekSeconds {
  weekStart: string;
  watchSeconds: number;
  streamingSeconds: number;
}

export interface RankedRow {
  rank: number;
  userId: string;
  username: string | null;
  name: string | null;
  seconds: number;
}

/*
 * The statements, built apart from the repository so bench:engagement-stats can EXPLAIN exactly
 * what it sends. Days and weeks are taken in the user's zone by PostgreSQL (`AT TIME ZONE`), so a
 * Monday or a midnight is the user's own, daylight saving included.
 */
export const engagementStatsQueries = {
  /** Distinct days (`YYYY-MM-DD` in `timeZone`, ascending) on which a view of the user's began or a stream of theirs started. */
  activeDays: (userId: string, timeZone: string, now: Date) => Prisma.sql`
    SELECT to_char(day, 'YYYY-MM-DD') AS day
    FROM (
      SELECT (joined_at AT TIME ZONE ${timeZone})::date AS day
      FROM session_views
      WHERE user_id = ${userId}::uuid AND role = 'subscriber' AND joined_at <= ${now}
      UNION
      SELECT (started_at AT TIME ZONE ${timeZone})::date
      FROM sessions
      WHERE creator_id = ${userId}::uuid AND started_at IS NOT NULL AND started_at <= ${now}
    ) AS days
    ORDER BY day`,

  /** All-time figures, and those of the week that began on `weekStart` (a local Monday). */
  totals: (userId: string, timeZone: string, weekStart: string) => {
    const since = Prisma.sql`(${weekStart}::timestamp AT TIME ZONE ${timeZone})`;
    return Prisma.sql`
    SELECT watched.watch_seconds AS "watchSeconds",
           watched.week_seconds AS "watchSecondsThisWeek",
           watched.sessions AS "sessionsWatched",
           streamed.seconds AS "streamingSeconds",
           streamed.week_seconds AS "streamingSecondsThisWeek",
           streamed.sessions AS "sessionsStreamed",
           (SELECT count(*) FROM chat_messages
             WHERE user_id = ${userId}::uuid AND deleted_at IS NULL) AS "chatMessages",
           (SELECT count(*) FROM product_clickers
             WHERE viewer_key = 'user:' || ${userId}) AS "productClicks"
    FROM (
      SELECT coalesce(sum(watch_duration), 0)::bigint AS watch_seconds,
             coalesce(sum(watch_duration) FILTER (WHERE joined_at >= ${since}), 0)::bigint AS week_seconds,
             count(DISTINCT session_id) AS sessions
      FROM session_views
      WHERE user_id = ${userId}::uuid AND role = 'subscriber'
    ) AS watched,
    (
      SELECT coalesce(sum(extract(epoch FROM greatest(ended_at - started_at, interval '0'))), 0)::bigint AS seconds,
             coalesce(sum(extract(epoch FROM greatest(ended_at - started_at, interval '0')))
               FILTER (WHERE started_at >= ${since}), 0)::bigint AS week_seconds,
             count(*) AS sessions
      FROM sessions
      WHERE creator_id = ${userId}::uuid AND started_at IS NOT NULL
    ) AS streamed`;
  },

  /** Seconds watched and streamed per week, from the week of `firstWeekStart` through `lastWeekStart` (local Mondays). */
  weekly: (userId: string, timeZone: string, firstWeekStart: string, lastWeekStart: string) => Prisma.sql`
    WITH weeks AS (
      SELECT generate_series(${firstWeekStart}::timestamp, ${lastWeekStart}::timestamp, interval '1 week') AS week_start
    ),
    since AS (SELECT (${firstWeekStart}::timestamp AT TIME ZONE ${timeZone}) AS instant),
    watched AS (
      SELECT date_trunc('week', joined_at AT TIME ZONE ${timeZone}) AS week_start, sum(watch_duration) AS seconds
      FROM session_views, since
      WHERE user_id = ${userId}::uuid AND role = 'subscriber' AND joined_at >= since.instant
      GROUP BY 1
    ),
    streamed AS (
      SELECT date_trunc('week', started_at AT TIME ZONE ${timeZone}) AS week_start,
             sum(extract(epoch FROM greatest(ended_at - started_at, interval '0'))) AS seconds
      FROM sessions, since
      WHERE creator_id = ${userId}::uuid AND started_at >= since.instant AND ended_at IS NOT NULL
      GROUP BY 1
    )
    SELECT to_char(weeks.week_start, 'YYYY-MM-DD') AS "weekStart",
           coalesce(watched.seconds, 0)::bigint AS "watchSeconds",
           coalesce(streamed.seconds, 0)::bigint AS "streamingSeconds"
    FROM weeks
    LEFT JOIN watched USING (week_start)
    LEFT JOIN streamed USING (week_start)
    ORDER BY weeks.week_start`,

  /**
   * Everyone with watch time since `since` (null: ever), dense-ranked: equal seconds share a rank;
   * within a rank by name (unnamed last), then id. Viewers by what they watched as subscribers;
   * creators by what subscribers (guests included) watched of their sessions.
   */
  ranking: (role: LeaderboardRole, since: Date | null) =>
    role === 'viewers'
      ? Prisma.sql`
      WITH totals AS (
        SELECT user_id AS id, sum(watch_duration) AS seconds
        FROM session_views
        WHERE role = 'subscriber' AND user_id IS NOT NULL AND watch_duration > 0
          AND (${since}::timestamptz IS NULL OR joined_at >= ${since}::timestamptz)
        GROUP BY user_id
      )
      SELECT dense_rank() OVER (ORDER BY totals.seconds DESC)::int AS rank,
             users.id AS "userId", users.username, users.name, totals.seconds::bigint AS seconds
      FROM totals JOIN users ON users.id = totals.id
      ORDER BY totals.seconds DESC, users.name ASC NULLS LAST, users.id`
      : Prisma.sql`
      WITH per_session AS (
        SELECT session_id, sum(watch_duration) AS seconds
        FROM session_views
        WHERE role = 'subscriber' AND watch_duration > 0
          AND (${since}::timestamptz IS NULL OR joined_at >= ${since}::timestamptz)
        GROUP BY session_id
      ),
      totals AS (
        SELECT sessions.creator_id AS id, sum(per_session.seconds) AS seconds
        FROM per_session JOIN sessions ON sessions.id = per_session.session_id
        GROUP BY sessions.creator_id
      )
      SELECT dense_rank() OVER (ORDER BY totals.seconds DESC)::int AS rank,
             users.id AS "userId", users.username, users.name, totals.seconds::bigint AS seconds
      FROM totals JOIN users ON users.id = totals.id
      ORDER BY totals.seconds DESC, users.name ASC NULLS LAST, users.id`,
};

/**
 * Every figure of a user's engagement stats comes from stored facts: subscriber views (their
 * watchDuration once closed), the user's sessions (started → ended), chat messages and product
 * clickers.
 */
export function createEngagementStatsRepository(prisma: PrismaClient) {
  return {
    /** The user's zone (null: UTC), or undefined when there is no such user. */
    async findTimeZone(userId: string): Promise<string | null | undefined> {
      const user = await prisma.user.findUnique({ where: { id: userId }, select: { timeZone: true } });
      return user === null ? undefined : user.timeZone;
    },

    async activeDays(userId: string, timeZone: string, now: Date): Promise<string[]> {
      const rows = await prisma.$queryRaw<{ day: string }[]>(engagementStatsQueries.activeDays(userId, timeZone, now));
      return rows.map((row) => row.day);
    },

    async totals(userId: string, timeZone: string, weekStart: string): Promise<UserTotals> {
      const [row] = await prisma.$queryRaw<Record<keyof UserTotals, bigint | number>[]>(
        engagementStatsQueries.totals(userId, timeZone, weekStart),
      );
      return Object.fromEntries(
        Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]),
      ) as unknown as UserTotals;
    },

    async weekly(
      userId: string,
      timeZone: string,
      firstWeekStart: string,
      lastWeekStart: string,
    ): Promise<WeekSeconds[]> {
      const rows = await prisma.$queryRaw<{ weekStart: string; watchSeconds: bigint; streamingSeconds: bigint }[]>(
        engagementStatsQueries.weekly(userId, timeZone, firstWeekStart, lastWeekStart),
      );
      return rows.map((row) => ({
        weekStart: row.weekStart,
        watchSeconds: Number(row.watchSeconds),
        streamingSeconds: Number(row.streamingSeconds),
      }));
    },

    async ranking(role: LeaderboardRole, since: Date | null): Promise<RankedRow[]> {
      const rows = await prisma.$queryRaw<RankedRow[]>(engagementStatsQueries.ranking(role, since));
      return rows.map((row) => ({ ...row, seconds: Number(row.seconds) }));
    },
  };
}

export type EngagementStatsRepository = ReturnType<typeof createEngagementStatsRepository>;
