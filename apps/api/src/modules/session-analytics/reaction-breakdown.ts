import { rankReactionCounts } from '@showfloor/contracts';

/**
 * Reaction counts in the one reaction order (`rankReactionCounts`), with their total; only whole,
 * positive counts are kept. Object keys keep insertion order, so the JSON `breakdown` reads in that
 * order too.
 */
export function rankReactions(counts: Readonly<Record<string, number>>): {
  total: number;
  breakdown: Record<string, number>;
} {
  const ranked = rankReactionCounts(counts).filter(({ count }) => Number.isInteger(count) && count > 0);
  return {
    total: ranked.reduce((sum, { count }) => sum + count, 0),
    breakdown: Object.fromEntries(ranked.map(({ type, count }) => [type, count])),
  };
}
