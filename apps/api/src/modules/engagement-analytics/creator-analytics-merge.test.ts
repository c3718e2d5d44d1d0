import { randomUUID } from 'node:crypto';
import type { LiveSessionStats } from '@showfloor/contracts';
import { describe, expect, it } from 'vitest';
import { mergeCreatorAnalytics } from './creator-analytics-merge.ts';
import type { CreatorAnalyticsRow } from './engagement-analytics.repository.ts';

const [creatorId, ended, live, unreachable] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

/** One ended session and two on air, each on air with a checkpoint: heart 5 and a click stat. */
const stored: CreatorAnalyticsRow = {
  sessionsTotal: 3,
  sessionsLive: 1,
  sessionsEnded: 1,
  sessionsScheduled: 0,
  sessionsPaused: 1,
  viewersTotalUnique: 4,
  viewersAveragePerSession: 2,
  viewersPeakConcurrent: 6,
  offAirReactions: [{ type: 'like', count: 3 }],
  onAirSessions: [
    { sessionId: live, reactionCounts: { heart: 5 } },
    { sessionId: unreachable, reactionCounts: { heart: 5 } },
  ],
  storedClicks: [
    { sessionId: ended, uniqueClicks: 1, totalClicks: 2, totalViewers: 10 },
    { sessionId: live, uniqueClicks: 1, totalClicks: 1, totalViewers: 4 },
    { sessionId: unreachable, uniqueClicks: 3, totalClicks: 4, totalViewers: 8 },
  ],
  sessionsOverTime: [
    { date: '2026-03-01', count: 1 },
    { date: '2026-03-04', count: 2 },
  ],
};

/** `live` read live: the checkpointed heart 5 continued to 9, 3 of 16 viewers clicked, peak 12. */
const liveStats: LiveSessionStats = {
  sessionId: live,
  live: true,
  viewerCount: 9,
  peakViewers: 12,
  totalViewers: 16,
  viewers: [],
  reactions: { counts: { heart: 9, fire: 1 }, total: 10 },
  productClicks: [{ productId: randomUUID(), uniqueClicks: 3, totalClicks: 7, clickThroughRate: 18.8 }],
};

describe('mergeCreatorAnalytics', () => {
  it('replaces a live session’s stored reactions, clicks and peak with its live ones, and keeps the stored figures of a session not read', () => {
    const merged = mergeCreatorAnalytics(
      creatorId,
      stored,
      new Map([
        [live, liveStats],
        [unreachable, undefined],
      ]),
    );
    expect(merged).toEqual({
      creatorId,
      liveDataAvailable: false,
      sessions: { total: 3, byStatus: { live: 1, ended: 1, scheduled: 0, paused: 1 } },
      viewers: { totalUnique: 4, averagePerSession: 2, peakConcurrent: 12 },
      // like 3 (ended) + heart 9, fire 1 (live, not 5 + 9) + heart 5 (unreachable's checkpoint).
      reactions: { total: 18, breakdown: { heart: 14, like: 3, fire: 1 } },
      // Rates 10 (ended), 18.8 (3 of 16, live) and 37.5 (unreachable's checkpoint) → 66.3 / 3 = 22.1.
      products: { totalClicks: 2 + 7 + 4, uniqueUsers: 1 + 3 + 3, averageCTR: 22.1 },
      // Live counters do not change when a session was created.
      sessionsOverTime: [
        { date: '2026-03-01', count: 1 },
        { date: '2026-03-04', count: 2 },
      ],
    });
  });

  it('says liveDataAvailable when every session on air was read, and when none is on air', () => {
    const allRead = new Map([
      [live, liveStats],
      [unreachable, { ...liveStats, sessionId: unreachable }],
    ]);
    expect(mergeCreatorAnalytics(creatorId, stored, allRead).liveDataAvailable).toBe(true);
    const offAir = { ...stored, onAirSessions: [], storedClicks: [] };
    expect(mergeCreatorAnalytics(creatorId, offAir, new Map())).toMatchObject({
      liveDataAvailable: true,
      viewers: { peakConcurrent: 6 },
      reactions: { total: 3, breakdown: { like: 3 } },
      products: { totalClicks: 0, uniqueUsers: 0, averageCTR: 0 },
    });
  });
});
