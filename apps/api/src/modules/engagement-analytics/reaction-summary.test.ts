import { describe, expect, it } from 'vitest';
import { summarizeReactions } from './reaction-summary.ts';

describe('summarizeReactions', () => {
  it('sorts by count, most first, and adds up the total', () => {
    expect(summarizeReactions({ like: 150, heart: 200, fire: 50, clap: 30 })).toEqual({
      reactions: { heart: 200, like: 150, fire: 50, clap: 30 },
      sortedReactions: [
        { type: 'heart', count: 200 },
        { type: 'like', count: 150 },
        { type: 'fire', count: 50 },
        { type: 'clap', count: 30 },
      ],
      total: 430,
    });
  });

  it('breaks ties by type name', () => {
    const { sortedReactions } = summarizeReactions({ like: 5, heart: 7, fire: 5, clap: 5 });
    expect(sortedReactions.map((entry) => entry.type)).toEqual(['heart', 'clap', 'fire', 'like']);
  });

  it('answers empty lists and a zero total when nobody reacted', () => {
    expect(summarizeReactions({})).toEqual({ reactions: {}, sortedReactions: [], total: 0 });
  });
});
