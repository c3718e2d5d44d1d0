import type { ReactionCount } from '@showfloor/contracts';

export interface ReactionSummary {
  reactions: Record<string, number>;
  sortedReactions: ReactionCount[];
  total: number;
}

/** Most counted first; ties by type name in code-point order, so the order never depends on a locale. */
export function compareReactionCounts(a: ReactionCount, b: ReactionCount): number {
  if (a.count !== b.count) return b.count - a.count;
  if (a.type === b.type) return 0;
  return a.type < b.type ? -1 : 1;
}

/**
 * The seed's three views of one set of counts. Sorting a session's handful of reaction types in
 * Node is fine: they come as one object, from the realtime service or from one jsonb column.
 */
export function summarizeReactions(counts: Readonly<Record<string, number>>): ReactionSummary {
  const sortedReactions = Object.entries(counts)
    .map(([type, count]) => ({ type, count }))
    .sort(compareReactionCounts);
  return {
    reactions: Object.fromEntries(sortedReactions.map(({ type, count }) => [type, count])),
    sortedReactions,
    total: sortedReactions.reduce((sum, { count }) => sum + count, 0),
  };
}
