/**
 * Reaction counts, most frequent first (ties by type, so the order is stable), with their total.
 * Object keys keep insertion order, so the JSON `breakdown` reads in that order too.
 */
export function rankReactions(counts: Readonly<Record<string, number>>): {
  total: number;
  breakdown: Record<string, number>;
} {
  const ranked = Object.entries(counts)
    .filter(([, count]) => Number.isInteger(count) && count > 0)
    .sort(([typeA, countA], [typeB, countB]) => countB - countA || (typeA < typeB ? -1 : typeA > typeB ? 1 : 0));
  return {
    total: ranked.reduce((sum, [, count]) => sum + count, 0),
    breakdown: Object.fromEntries(ranked),
  };
}
