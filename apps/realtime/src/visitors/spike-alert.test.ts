import { describe, expect, it } from 'vitest';
import { SpikeAlert } from './spike-alert.ts';

describe('SpikeAlert', () => {
  it('alerts once per crossing, re-arming only below 80 % of the threshold', () => {
    const alert = new SpikeAlert(10);
    expect([5, 10, 11, 12, 30].map((value) => alert.check(value))).toEqual([false, false, true, false, false]);
    expect([9, 8, 11].map((value) => alert.check(value))).toEqual([false, false, false]);
    expect([7, 11].map((value) => alert.check(value))).toEqual([false, true]);
  });
});
