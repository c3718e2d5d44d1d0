import { type ReactionCount, rankReactionCounts } from '@showfloor/contracts';

export interface ReactionSummary {
  reactions: Record<string, number>;
  sortedReactions: ReactionCount[];
  total: number;
}

/**
 * The seed's three views of one set of counts, in the one reaction order. Sorting a session's
 * handful of reaction types in Node is fine: they come as one object, from the realtime service or
 * from one jsonb column.
 */
export function summarizeReactions(counts: Readonly<Record<string, number>>): ReactionSummary {
  const sortedReactions = rankReactionCounts(counts);
  return {
    reactions: Object.fromEntries(sortedReactions.map(({ type, count }) => [type, count])),
    sortedReactions,
    total: sortedReactions.reduce((sum, { count }) => sum + count, 0),
  };
}
