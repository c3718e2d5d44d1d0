import { describe, expect, it } from 'vitest';
import { compareReactionCounts, rankReactionCounts } from './reaction-ranking.ts';

describe('reaction ranking', () => {
  it('puts the most counted first', () => {
    expect(rankReactionCounts({ like: 150, heart: 200, clap: 30 })).toEqual([
      { type: 'heart', count: 200 },
      { type: 'like', count: 150 },
      { type: 'clap', count: 30 },
    ]);
  });

  it('breaks ties by type name in code-point order, not by locale', () => {
    // A locale-aware sort would put "b" before "Z"; code points put upper case first.
    const ranked = rankReactionCounts({ like: 5, b: 5, Z: 5, clap: 5, heart: 7 });
    expect(ranked.map((entry) => entry.type)).toEqual(['heart', 'Z', 'b', 'clap', 'like']);
  });

  it('gives the same order whatever order the counts arrive in', () => {
    const forwards = rankReactionCounts({ fire: 3, like: 3, heart: 9 });
    const backwards = rankReactionCounts({ heart: 9, like: 3, fire: 3 });
    expect(backwards).toEqual(forwards);
  });

  it('keeps every entry and answers an empty list for no reactions', () => {
    expect(rankReactionCounts({ like: 0 })).toEqual([{ type: 'like', count: 0 }]);
    expect(rankReactionCounts({})).toEqual([]);
  });

  it('calls an entry equal only to itself', () => {
    expect(compareReactionCounts({ type: 'like', count: 2 }, { type: 'like', count: 2 })).toBe(0);
    expect(compareReactionCounts({ type: 'like', count: 2 }, { type: 'fire', count: 2 })).toBeGreaterThan(0);
  });
});
