import { describe, expect, it } from 'vitest';
import { clickThroughRate } from './click-through-rate.ts';

/** PostgreSQL's `round(unique * 100.0 / viewers, 1)` on numeric, done with exact decimals. */
function numericRound(unique: number, viewers: number): number {
  const scaled = BigInt(unique) * 1000n;
  const whole = scaled / BigInt(viewers);
  const remainder = scaled % BigInt(viewers);
  const rounded = remainder * 2n >= BigInt(viewers) ? whole + 1n : whole;
  return Number(`${rounded / 10n}.${rounded % 10n}`);
}

describe('clickThroughRate', () => {
  it.each([
    [1, 3, 33.3],
    [2, 3, 66.7],
    [5, 6, 83.3],
    [1, 7, 14.3],
    [3, 3, 100],
    [0, 10, 0],
    [42, 271, 15.5],
    [201, 400, 50.3],
  ])('%i unique clicks of %i viewers is %d %%', (unique, viewers, rate) => {
    expect(clickThroughRate(unique, viewers)).toBe(rate);
  });

  it('rounds exact halves up', () => {
    expect(clickThroughRate(1, 16)).toBe(6.3);
    expect(clickThroughRate(1, 2000)).toBe(0.1);
    expect(clickThroughRate(3, 16)).toBe(18.8);
  });

  it('agrees with exact decimal rounding for every count of 1 to 5,000 viewers', () => {
    const disagreements: string[] = [];
    for (let viewers = 1; viewers <= 5_000; viewers++) {
      // Every unique count for small audiences; a spread of them (halves included) for large ones.
      const step = viewers <= 400 ? 1 : Math.ceil(viewers / 200);
      for (let unique = 0; unique <= viewers; unique += step) {
        if (clickThroughRate(unique, viewers) !== numericRound(unique, viewers)) {
          disagreements.push(`${unique}/${viewers}`);
        }
      }
      const half = viewers % 2 === 0 ? viewers / 2 : (viewers - 1) / 2;
      if (clickThroughRate(half, viewers) !== numericRound(half, viewers)) disagreements.push(`${half}/${viewers}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('is 0 when nobody watched, whatever the clicks', () => {
    expect(clickThroughRate(0, 0)).toBe(0);
    expect(clickThroughRate(4, 0)).toBe(0);
  });
});
