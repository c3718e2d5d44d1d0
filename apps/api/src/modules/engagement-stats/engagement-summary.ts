import type { EngagementSummary, UserEngagementStats } from '@showfloor/contracts';

/** The figures a stats badge shows, out of the whole stats (analytics:updated, data:request). */
export function toEngagementSummary(stats: UserEngagementStats): EngagementSummary {
  return {
    userId: stats.userId,
    totalWatchHours: stats.totalWatchHours,
    watchHoursThisWeek: stats.watchHoursThisWeek,
    totalStreamingHours: stats.totalStreamingHours,
    streamingHoursThisWeek: stats.streamingHoursThisWeek,
    currentStreak: stats.currentStreak,
    longestStreak: stats.longestStreak,
  };
}
