import type { SessionTotals } from '@showfloor/contracts';
import { describe, expect, it } from 'vitest';
import { latestTotalsPerSession } from './latest-session-totals.ts';

const sessionA = '00000000-0000-4000-8000-00000000000a';
const sessionB = '00000000-0000-4000-8000-00000000000b';
const product = '00000000-0000-4000-8000-0000000000f1';

function totals(sessionId: string, overrides: Partial<SessionTotals> = {}): SessionTotals {
  return {
    sessionId,
    nodeId: 'node-a',
    final: false,
    reactionCounts: {},
    productClicks: [],
    peakViewers: 0,
    totalViewers: 0,
    ...overrides,
  };
}

describe('latestTotalsPerSession', () => {
  it('keeps one item per session, the later checkpoint winning', () => {
    const merged = latestTotalsPerSession([
      totals(sessionA, { reactionCounts: { like: 1 }, totalViewers: 2 }),
      totals(sessionB, { reactionCounts: { fire: 7 } }),
      totals(sessionA, { reactionCounts: { like: 5 }, totalViewers: 3, final: true }),
    ]);
    expect(merged).toHaveLength(2);
    expect(merged.find((item) => item.sessionId === sessionA)).toMatchObject({
      reactionCounts: { like: 5 },
      totalViewers: 3,
      final: true,
    });
  });

  it('keeps the highest peak across copies of a session', () => {
    const [merged] = latestTotalsPerSession([
      totals(sessionA, { peakViewers: 9 }),
      totals(sessionA, { peakViewers: 4 }),
    ]);
    expect(merged?.peakViewers).toBe(9);
  });

  it('keeps the last stats of a product listed twice', () => {
    const stats = { productId: product, uniqueClicks: 1, totalClicks: 1, clickThroughRate: 10 };
    const [merged] = latestTotalsPerSession([
      totals(sessionA, { productClicks: [stats, { ...stats, uniqueClicks: 2, totalClicks: 3 }] }),
    ]);
    expect(merged?.productClicks).toEqual([{ ...stats, uniqueClicks: 2, totalClicks: 3 }]);
  });
});
