import { ManualClock } from '@showfloor/testing';
import { describe, expect, it } from 'vitest';
import { TokenBucketLimiter } from './token-bucket.ts';

describe('TokenBucketLimiter', () => {
  it('allows the rate per second, refuses the excess, and refills over time', async () => {
    const clock = new ManualClock(0);
    const limiter = new TokenBucketLimiter(clock, 10);
    const results = Array.from({ length: 15 }, () => limiter.tryTake('socket-1'));
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(limiter.tryTake('socket-2')).toBe(true);
    await clock.advance(500);
    expect(Array.from({ length: 6 }, () => limiter.tryTake('socket-1')).filter(Boolean)).toHaveLength(5);
  });
});
