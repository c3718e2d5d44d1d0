import { RateLimitedError } from '@showfloor/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatRateLimiter } from './chat-rate-limiter.ts';

async function refusal(take: () => Promise<void>): Promise<RateLimitedError> {
  try {
    await take();
  } catch (error) {
    if (error instanceof RateLimitedError) return error;
    throw error;
  }
  throw new Error('expected a RateLimitedError');
}

// rate-limiter-flexible reads Date.now and expires keys with timers: fake ones drive both.
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});
const at = (ms: number) => vi.advanceTimersByTime(ms - Date.now());

describe('ChatRateLimiter', () => {
  it('allows max messages in a window, then refuses with the seconds until the oldest expires', async () => {
    const limiter = new ChatRateLimiter(3, 10_000);
    await limiter.take('alice');
    at(2_000);
    await limiter.take('alice');
    await limiter.take('alice');
    at(4_500);
    const error = await refusal(() => limiter.take('alice'));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(6);
  });

  it('slides: a slot frees when the oldest message leaves the window, not at a fixed boundary', async () => {
    const limiter = new ChatRateLimiter(2, 10_000);
    await limiter.take('alice');
    at(9_000);
    await limiter.take('alice');
    at(10_000);
    await limiter.take('alice');
    // The messages at 9 s and 10 s are both still inside the window.
    at(18_999);
    expect((await refusal(() => limiter.take('alice'))).retryAfterSeconds).toBe(1);
    at(19_000);
    await expect(limiter.take('alice')).resolves.toBeUndefined();
  });

  it('does not count refused attempts against the user', async () => {
    const limiter = new ChatRateLimiter(1, 10_000);
    await limiter.take('alice');
    for (let i = 0; i < 5; i++) await refusal(() => limiter.take('alice'));
    at(10_000);
    await expect(limiter.take('alice')).resolves.toBeUndefined();
  });

  it('keeps users apart', async () => {
    const limiter = new ChatRateLimiter(1, 10_000);
    await limiter.take('alice');
    await expect(limiter.take('bob')).resolves.toBeUndefined();
    await expect(limiter.take('alice')).rejects.toThrow(RateLimitedError);
  });

  it('never answers retry-after 0, even with under a second left', async () => {
    const limiter = new ChatRateLimiter(1, 1_000);
    await limiter.take('alice');
    at(999);
    expect((await refusal(() => limiter.take('alice'))).retryAfterSeconds).toBe(1);
  });

  it('gives the last slot to only one of two concurrent sends', async () => {
    const limiter = new ChatRateLimiter(2, 10_000);
    await limiter.take('alice');
    const results = await Promise.allSettled([limiter.take('alice'), limiter.take('alice')]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
  });
});
