import { describe, expect, it } from 'vitest';
import { ageBandOf } from './age-band.ts';

describe('ageBandOf', () => {
  it('puts 17 under 18, 18 and 40 in 18-40, and 41 over 40', () => {
    expect([17, 18, 40, 41].map(ageBandOf)).toEqual(['<18', '18-40', '18-40', '>40']);
  });

  it('gives no band to a user without an age', () => {
    expect(ageBandOf(null)).toBeNull();
    expect(ageBandOf(undefined)).toBeNull();
  });
});
