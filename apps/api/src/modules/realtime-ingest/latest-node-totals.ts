import type { ProductClickStats, SessionTotals } from '@showfloor/contracts';

/**
 * Collapses a batch to one totals item per session and node, as SQL upserts cannot touch a row
 * twice in one statement. A node's totals are cumulative, so its later item in the batch (the newer
 * checkpoint) wins, except the peak, which is the highest seen. Within an item the last stats of a
 * product win too.
 */
export function latestTotalsPerNode(totals: readonly SessionTotals[]): SessionTotals[] {
  const byNode = new Map<string, SessionTotals>();
  for (const item of totals) {
    const key = `${item.sessionId} ${item.nodeId}`;
    const earlier = byNode.get(key);
    byNode.set(key, {
      ...item,
      productClicks: latestClicksPerProduct(item.productClicks),
      peakViewers: Math.max(item.peakViewers, earlier?.peakViewers ?? 0),
    });
  }
  return [...byNode.values()];
}

function latestClicksPerProduct(clicks: readonly ProductClickStats[]): ProductClickStats[] {
  return [...new Map(clicks.map((stats) => [stats.productId, stats])).values()];
}
