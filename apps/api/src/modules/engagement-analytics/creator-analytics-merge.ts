import {
  type CreatorAnalytics,
  clickThroughRate,
  compareReactionCounts,
  type LiveSessionStats,
} from '@showfloor/contracts';
import { averageClickThroughRate } from './average-click-through-rate.ts';
import type { CreatorAnalyticsRow, StoredClickCounts } from './engagement-analytics.repository.ts';

/**
 * The creator dashboard from its persisted figures and the live counters read for its sessions on
 * air (`undefined` for one the realtime service did not answer for). A session read live is
 * treated as `/reactions` and `/conversion-stats` treat it: its live reaction counts (which
 * already continue any checkpoint) replace the stored ones rather than add to them, and its live
 * click stats, over its live viewer total, replace its stored click stats. A session that could not
 * be read keeps its stored figures, and the answer says `liveDataAvailable: false`.
 */
export function mergeCreatorAnalytics(
  creatorId: string,
  stored: CreatorAnalyticsRow,
  live: ReadonlyMap<string, LiveSessionStats | undefined>,
): CreatorAnalytics {
  const liveStats = [...live.values()].filter((stats): stats is LiveSessionStats => stats !== undefined);

  const reactions = new Map(stored.offAirReactions.map(({ type, count }) => [type, count]));
  for (const session of stored.onAirSessions) {
    const counts = live.get(session.sessionId)?.reactions.counts ?? session.reactionCounts;
    for (const [type, count] of Object.entries(counts)) reactions.set(type, (reactions.get(type) ?? 0) + count);
  }
  const breakdown = [...reactions].map(([type, count]) => ({ type, count })).sort(compareReactionCounts);

  const clicks: StoredClickCounts[] = [
    ...stored.storedClicks.filter((product) => live.get(product.sessionId) === undefined),
    ...liveStats.flatMap((stats) =>
      stats.productClicks.map(({ uniqueClicks, totalClicks }) => ({
        sessionId: stats.sessionId,
        uniqueClicks,
        totalClicks,
        totalViewers: stats.totalViewers,
      })),
    ),
  ];
  // Who clicked is not stored per user: within a session, at least as many as clicked its most-clicked product.
  const mostUniqueClicks = new Map<string, number>();
  for (const { sessionId, uniqueClicks } of clicks) {
    mostUniqueClicks.set(sessionId, Math.max(mostUniqueClicks.get(sessionId) ?? 0, uniqueClicks));
  }

  return {
    creatorId,
    liveDataAvailable: stored.onAirSessions.every((session) => live.get(session.sessionId) !== undefined),
    sessions: {
      total: stored.sessionsTotal,
      byStatus: {
        live: stored.sessionsLive,
        ended: stored.sessionsEnded,
        scheduled: stored.sessionsScheduled,
        paused: stored.sessionsPaused,
      },
    },
    viewers: {
      totalUnique: stored.viewersTotalUnique,
      averagePerSession: stored.viewersAveragePerSession,
      peakConcurrent: Math.max(stored.viewersPeakConcurrent, ...liveStats.map((stats) => stats.peakViewers)),
    },
    reactions: {
      total: breakdown.reduce((sum, { count }) => sum + count, 0),
      breakdown: Object.fromEntries(breakdown.map(({ type, count }) => [type, count])),
    },
    products: {
      totalClicks: clicks.reduce((sum, { totalClicks }) => sum + totalClicks, 0),
      uniqueUsers: [...mostUniqueClicks.values()].reduce((sum, most) => sum + most, 0),
      averageCTR: averageClickThroughRate(
        clicks.map(({ uniqueClicks, totalViewers }) => clickThroughRate(uniqueClicks, totalViewers)),
      ),
    },
    sessionsOverTime: stored.sessionsOverTime,
  };
}
