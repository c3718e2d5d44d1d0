import type { ReactionCount } from '../rest/engagement-analytics.ts';

/**
 * The one order reactions are shown in, on every surface that ranks them (a session's reactions,
 * its analytics breakdown, the creator dashboard): most counted first, ties by type name in
 * code-point order, so the order is stable and never depends on a locale.
 */
export function compareReactionCounts(a: ReactionCount, b: ReactionCount): number {
  if (a.count !== b.count) return b.count - a.count;
  if (a.type === b.type) return 0;
  return a.type < b.type ? -1 : 1;
}

/** One set of counts as a list in that order (every entry kept; callers that drop some filter first). */
export function rankReactionCounts(counts: Readonly<Record<string, number>>): ReactionCount[] {
  return Object.entries(counts)
    .map(([type, count]) => ({ type, count }))
    .sort(compareReactionCounts);
}
