import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.ts';

const policy = { baseMs: 100, maxMs: 5_000 };

describe('backoffDelayMs', () => {
  it('doubles per attempt, between half and all of the exponential delay', () => {
    expect(backoffDelayMs(0, policy, () => 0)).toBe(50);
    expect(backoffDelayMs(0, policy, () => 1)).toBe(100);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(400);
    expect(backoffDelayMs(3, policy, () => 1)).toBe(800);
  });

  it('never exceeds the cap however many attempts failed', () => {
    expect(backoffDelayMs(50, policy, () => 1)).toBe(5_000);
    expect(backoffDelayMs(1_000, policy, () => 0)).toBe(2_500);
  });
});
