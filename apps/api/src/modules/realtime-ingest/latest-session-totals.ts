import type { ProductClickStats, SessionTotals } from '@showfloor/contracts';

/**
 * Collapses a batch to one totals item per session, as SQL upserts cannot touch a row twice in one
 * statement. Totals are cumulative, so the later item in the batch (the newer checkpoint) wins,
 * except the peak, which is the highest seen. Within an item the last stats of a product win too.
 */
export function latestTotalsPerSession(totals: readonly SessionTotals[]): SessionTotals[] {
  const bySession = new Map<string, SessionTotals>();
  for (const item of totals) {
    const earlier = bySession.get(item.sessionId);
    bySession.set(item.sessionId, {
      ...item,
      productClicks: latestClicksPerProduct(item.productClicks),
      peakViewers: Math.max(item.peakViewers, earlier?.peakViewers ?? 0),
    });
  }
  return [...bySession.values()];
}

function latestClicksPerProduct(clicks: readonly ProductClickStats[]): ProductClickStats[] {
  return [...new Map(clicks.map((stats) => [stats.productId, stats])).values()];
}
