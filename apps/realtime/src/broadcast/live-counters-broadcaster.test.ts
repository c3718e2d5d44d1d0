import { describe, expect, it } from 'vitest';
import { animationsPerSecond, counterIntervalMs } from './live-counters-broadcaster.ts';

describe('animationsPerSecond', () => {
  it('keeps small rooms at the cap and slows large rooms within the write budget, never below one', () => {
    expect(animationsPerSecond(100, 30, 10_000)).toBe(30);
    expect(animationsPerSecond(1_000, 30, 10_000)).toBe(10);
    expect(animationsPerSecond(5_000, 30, 10_000)).toBe(2);
    expect(animationsPerSecond(50_000, 30, 10_000)).toBe(1);
    expect(animationsPerSecond(0, 30, 10_000)).toBe(30);
  });
});

describe('counterIntervalMs', () => {
  it('keeps the minimum gap until a room would cost more writes than the budget, then stretches it', () => {
    expect(counterIntervalMs(100, 50, 20_000)).toBe(50);
    expect(counterIntervalMs(1_000, 50, 20_000)).toBe(50);
    expect(counterIntervalMs(5_000, 50, 20_000)).toBe(250);
    expect(counterIntervalMs(5_000, 250, 20_000)).toBe(250);
    expect(counterIntervalMs(20_000, 250, 20_000)).toBe(1_000);
    expect(counterIntervalMs(0, 250, 20_000)).toBe(250);
  });
});
