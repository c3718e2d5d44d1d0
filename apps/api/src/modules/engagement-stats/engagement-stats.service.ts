import type { AccessTokenIdentity } from '@showfloor/access-tokens';
import {
  type Leaderboard,
  type LeaderboardEntry,
  type LeaderboardQuery,
  NotFoundError,
  type PageMeta,
  pageMeta,
  type UserEngagementStats,
} from '@showfloor/contracts';
import { type Clock, type Logger, systemClock } from '@showfloor/server-kit';
import { assertCanManage } from '../../shared/authorization.ts';
import type { EngagementStatsRepository, RankedRow } from './engagement-stats.repository.ts';
import { createRankingCache } from './ranking-cache.ts';
import { streakRuns } from './streak-runs.ts';
import { addDays, localDate, mondayOf, utcPeriodStart } from './zoned-calendar.ts';

export interface EngagementStatsServiceDeps {
  repository: EngagementStatsRepository;
  /** How long a computed leaderboard is reused (0: every read ranks afresh). */
  leaderboardCacheMs: number;
  clock?: Clock;
  logger: Logger;
}

const weeksShown = 12;
const toHours = (seconds: number) => Math.round((seconds / 3600) * 100) / 100;

interface Ranking {
  rows: RankedRow[];
  indexOf: Map<string, number>;
}

/**
 * Seed 001's statistics, derived on every read from what was tracked: nothing here is stored, so
 * nothing can drift from the views and sessions it comes from. A user's stats are theirs or an
 * admin's to read; the leaderboard is everyone's.
 */
export function createEngagementStatsService({
  repository,
  leaderboardCacheMs,
  clock = systemClock,
  logger,
}: EngagementStatsServiceDeps) {
  const rankings = createRankingCache<Ranking>({
    ttlMs: leaderboardCacheMs,
    clock,
    logger,
    compute: async (key) => {
      const [role, period] = key.split(':') as [LeaderboardQuery['role'], LeaderboardQuery['period']];
      const rows = await repository.ranking(role, period === 'all' ? null : utcPeriodStart(clock.now(), period));
      return { rows, indexOf: new Map(rows.map((row, index) => [row.userId, index])) };
    },
  });

  async function statsOf(userId: string): Promise<UserEngagementStats> {
    const storedZone = await repository.findTimeZone(userId);
    if (storedZone === undefined) throw new NotFoundError('User');
    const timeZone = storedZone ?? 'UTC';
    const now = clock.now();
    const today = localDate(now, timeZone);
    const thisWeek = mondayOf(today);
    const firstWeek = addDays(thisWeek, -7 * (weeksShown - 1));
    const [days, totals, weeks] = await Promise.all([
      repository.activeDays(userId, timeZone, new Date(now)),
      repository.totals(userId, timeZone, thisWeek),
      repository.weekly(userId, timeZone, firstWeek, thisWeek),
    ]);
    const streak = streakRuns(days, today);
    return {
      userId,
      timeZone,
      totalWatchHours: toHours(totals.watchSeconds),
      watchHoursThisWeek: toHours(totals.watchSecondsThisWeek),
      totalStreamingHours: toHours(totals.streamingSeconds),
      streamingHoursThisWeek: toHours(totals.streamingSecondsThisWeek),
      currentStreak: streak.current,
      longestStreak: streak.longest,
      currentStreakStart: streak.currentStart,
      lastActiveDate: streak.lastActive,
      weeklyData: weeks.map((week) => ({
        weekStart: week.weekStart,
        watchHours: toHours(week.watchSeconds),
        streamingHours: toHours(week.streamingSeconds),
      })),
      counters: {
        sessionsStreamed: totals.sessionsStreamed,
        sessionsWatched: totals.sessionsWatched,
        chatMessages: totals.chatMessages,
        productClicks: totals.productClicks,
      },
      computedAt: new Date(now),
    };
  }

  const entryOf = (row: RankedRow): LeaderboardEntry => ({
    rank: row.rank,
    userId: row.userId,
    username: row.username,
    name: row.name,
    hours: toHours(row.seconds),
  });

  return {
    /** `me` is the caller; anyone but the user themself or an admin is refused before any lookup. */
    async userStats(caller: AccessTokenIdentity, userId: string): Promise<UserEngagementStats> {
      const owner = userId === 'me' ? caller.userId : userId;
      assertCanManage(caller, { account: { id: owner } }, 'Only the user or an admin can see their stats');
      return statsOf(owner);
    },

    /** For the system (a view closed, a stream ended): no caller to check. */
    statsOf,

    async leaderboard(
      caller: AccessTokenIdentity | null,
      query: LeaderboardQuery,
    ): Promise<{ board: Leaderboard; meta: PageMeta }> {
      const { value: ranking, computedAt } = await rankings.get(`${query.role}:${query.period}`);
      const mine = caller ? ranking.indexOf.get(caller.userId) : undefined;
      const mineRow = mine === undefined ? undefined : ranking.rows[mine];
      return {
        board: {
          period: query.period,
          role: query.role,
          periodStart: query.period === 'all' ? null : utcPeriodStart(computedAt, query.period),
          entries: ranking.rows.slice(query.offset, query.offset + query.limit).map(entryOf),
          me: mineRow ? entryOf(mineRow) : null,
          computedAt: new Date(computedAt),
        },
        meta: pageMeta(ranking.rows.length, query),
      };
    },
  };
}

export type EngagementStatsService = ReturnType<typeof createEngagementStatsService>;
