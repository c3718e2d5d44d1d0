import { RateLimitedError } from '@showfloor/contracts';
import { describe, expect, it } from 'vitest';
import { ChatRateLimiter } from './chat-rate-limiter.ts';

function refusal(take: () => void): RateLimitedError {
  try {
    take();
  } catch (error) {
    if (error instanceof RateLimitedError) return error;
    throw error;
  }
  throw new Error('expected a RateLimitedError');
}

describe('ChatRateLimiter', () => {
  it('allows max messages in a window, then refuses with the seconds until the oldest expires', () => {
    let now = 0;
    const limiter = new ChatRateLimiter(3, 10_000, () => now);
    limiter.take('alice');
    now = 2_000;
    limiter.take('alice');
    limiter.take('alice');
    now = 4_500;
    const error = refusal(() => limiter.take('alice'));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(6);
  });

  it('slides: a slot frees when the oldest message leaves the window, not at a fixed boundary', () => {
    let now = 0;
    const limiter = new ChatRateLimiter(2, 10_000, () => now);
    limiter.take('alice');
    now = 9_000;
    limiter.take('alice');
    now = 10_000;
    limiter.take('alice');
    // The messages at 9 s and 10 s are both still inside the window.
    now = 18_999;
    expect(refusal(() => limiter.take('alice')).retryAfterSeconds).toBe(1);
    now = 19_000;
    expect(() => limiter.take('alice')).not.toThrow();
  });

  it('does not count refused attempts against the user', () => {
    let now = 0;
    const limiter = new ChatRateLimiter(1, 10_000, () => now);
    limiter.take('alice');
    for (let i = 0; i < 5; i++) refusal(() => limiter.take('alice'));
    now = 10_000;
    expect(() => limiter.take('alice')).not.toThrow();
  });

  it('keeps users apart', () => {
    const limiter = new ChatRateLimiter(1, 10_000, () => 0);
    limiter.take('alice');
    expect(() => limiter.take('bob')).not.toThrow();
    expect(() => limiter.take('alice')).toThrow(RateLimitedError);
  });

  it('never answers retry-after 0, even with under a second left', () => {
    let now = 0;
    const limiter = new ChatRateLimiter(1, 1_000, () => now);
    limiter.take('alice');
    now = 999;
    expect(refusal(() => limiter.take('alice')).retryAfterSeconds).toBe(1);
  });
});
