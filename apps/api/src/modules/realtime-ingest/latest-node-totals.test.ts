import type { SessionTotals } from '@showfloor/contracts';
import { describe, expect, it } from 'vitest';
import { latestTotalsPerNode } from './latest-node-totals.ts';

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

describe('latestTotalsPerNode', () => {
  it('keeps one item per session and node, the later checkpoint winning', () => {
    const merged = latestTotalsPerNode([
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

  it('keeps the nodes of one session apart', () => {
    const merged = latestTotalsPerNode([
      totals(sessionA, { reactionCounts: { like: 1 } }),
      totals(sessionA, { nodeId: 'node-b', reactionCounts: { like: 4 } }),
    ]);
    expect(merged.map((item) => [item.nodeId, item.reactionCounts])).toEqual([
      ['node-a', { like: 1 }],
      ['node-b', { like: 4 }],
    ]);
  });

  it('keeps the highest peak across copies of a session', () => {
    const [merged] = latestTotalsPerNode([totals(sessionA, { peakViewers: 9 }), totals(sessionA, { peakViewers: 4 })]);
    expect(merged?.peakViewers).toBe(9);
  });

  it('keeps the last stats of a product listed twice', () => {
    const stats = { productId: product, uniqueClicks: 1, totalClicks: 1, clickThroughRate: 10 };
    const [merged] = latestTotalsPerNode([
      totals(sessionA, { productClicks: [stats, { ...stats, uniqueClicks: 2, totalClicks: 3 }] }),
    ]);
    expect(merged?.productClicks).toEqual([{ ...stats, uniqueClicks: 2, totalClicks: 3 }]);
  });
});
