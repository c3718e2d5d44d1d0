import { describe, expect, it } from 'vitest';
import { estimateVisitors, sketchRegisters, sketchStandardError } from './visitor-sketch.ts';

/** What visitor_sketch_slices answers for `visitors` distinct visitors with uniform hashes (seeded). */
function slicesOf(visitors: number, seed: number): number[] {
  // mulberry32: 32-bit integer steps (a float LCG loses bits past 2^53).
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const registers = new Array<number>(sketchRegisters).fill(0);
  for (let visitor = 0; visitor < visitors; visitor++) {
    const register = Math.floor(next() * sketchRegisters);
    let rank = 1;
    while (rank < 20 && next() < 0.5) rank++;
    registers[register] = Math.max(registers[register] as number, rank);
  }
  return Array.from({ length: 20 }, (_, index) => registers.filter((value) => value >= index + 1).length);
}

describe('estimateVisitors', () => {
  it('is 0 for an empty or missing sketch', () => {
    expect(estimateVisitors(null)).toBe(0);
    expect(estimateVisitors(new Array(20).fill(0))).toBe(0);
  });

  it.each([1, 7, 300, 4_000, 50_000, 1_000_000])('stays within 3 standard errors of %i visitors', (visitors) => {
    const estimate = estimateVisitors(slicesOf(visitors, visitors));
    expect(Math.abs(estimate - visitors)).toBeLessThanOrEqual(Math.max(0.5, 3 * sketchStandardError * visitors));
  });
});
