import { describe, expect, it } from 'vitest';
import { rankReactions } from './reaction-breakdown.ts';

describe('rankReactions', () => {
  it('orders types by count, then by name, and totals them', () => {
    const { total, breakdown } = rankReactions({ like: 150, clap: 30, heart: 200, fire: 30 });
    expect(total).toBe(410);
    expect(Object.entries(breakdown)).toEqual([
      ['heart', 200],
      ['like', 150],
      ['clap', 30],
      ['fire', 30],
    ]);
  });

  it('leaves out zero counts and anything that is not a whole count', () => {
    expect(rankReactions({ like: 0, heart: 2, odd: 1.5, bad: -1 })).toEqual({ total: 2, breakdown: { heart: 2 } });
    expect(rankReactions({})).toEqual({ total: 0, breakdown: {} });
  });
});
