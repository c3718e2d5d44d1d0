import { describe, expect, it } from 'vitest';
import { animationsPerSecond } from './live-counters-broadcaster.ts';

describe('animationsPerSecond', () => {
  it('keeps small rooms at the cap and slows large rooms within the write budget, never below one', () => {
    expect(animationsPerSecond(100, 30, 10_000)).toBe(30);
    expect(animationsPerSecond(1_000, 30, 10_000)).toBe(10);
    expect(animationsPerSecond(5_000, 30, 10_000)).toBe(2);
    expect(animationsPerSecond(50_000, 30, 10_000)).toBe(1);
    expect(animationsPerSecond(0, 30, 10_000)).toBe(30);
  });
});
