import { describe, expect, it } from 'vitest';
import { clickThroughRate } from './click-through-rate.ts';

describe('clickThroughRate', () => {
  it.each([
    [1, 3, 33.3],
    [2, 3, 66.7],
    [5, 6, 83.3],
    [1, 7, 14.3],
    [3, 3, 100],
    [0, 10, 0],
    [42, 271, 15.5],
  ])('%i unique clicks of %i viewers is %d %%', (unique, viewers, rate) => {
    expect(clickThroughRate(unique, viewers)).toBe(rate);
  });

  it('rounds exact halves up', () => {
    expect(clickThroughRate(1, 16)).toBe(6.3);
    expect(clickThroughRate(1, 2000)).toBe(0.1);
    expect(clickThroughRate(3, 16)).toBe(18.8);
  });

  it('is 0 when nobody watched, whatever the clicks', () => {
    expect(clickThroughRate(0, 0)).toBe(0);
    expect(clickThroughRate(4, 0)).toBe(0);
  });
});
