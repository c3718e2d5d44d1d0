import { describe, expect, it } from 'vitest';
import { averageClickThroughRate } from './average-click-through-rate.ts';

/** The mean of `tenths` (whole tenths of a percent), rounded half up to one decimal, as a decimal string. */
function exactMean(tenths: readonly number[]): string {
  const sum = BigInt(tenths.reduce((total, value) => total + value, 0));
  const count = BigInt(tenths.length);
  const rounded = (sum * 2n + count) / (count * 2n);
  return `${rounded / 10n}.${rounded % 10n}`;
}

describe('averageClickThroughRate', () => {
  it('averages to one decimal, halves up', () => {
    expect(averageClickThroughRate([33.3, 66.7, 100, 33.3, 50, 0])).toBe(47.2);
    expect(averageClickThroughRate([0.1, 0.2])).toBe(0.2);
    expect(averageClickThroughRate([50.3, 0.2])).toBe(25.3);
    expect(averageClickThroughRate([50.3])).toBe(50.3);
  });

  it('answers 0 with no rates', () => {
    expect(averageClickThroughRate([])).toBe(0);
  });

  it('matches exact decimal arithmetic on 20,000 lists of 1–12 rates between 0.0 and 100.0', () => {
    // Park–Miller, so every run draws the same lists (products stay below 2^53: exact in a double).
    let seed = 12_345;
    const next = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed;
    };
    for (let list = 0; list < 20_000; list++) {
      const tenths = Array.from({ length: 1 + (next() % 12) }, () => next() % 1_001);
      const mean = averageClickThroughRate(tenths.map((value) => value / 10));
      expect(mean.toFixed(1), tenths.join(',')).toBe(exactMean(tenths));
    }
  });
});
