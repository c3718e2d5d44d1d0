import { RateLimitedError } from '@showfloor/contracts';
import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

describe('LoginThrottle', () => {
  it('refuses a key after max failures until its window ends, with the seconds left', () => {
    let now = 0;
    const throttle = new LoginThrottle(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      throttle.assertAllowed(['ip:1']);
      throttle.recordFailure(['ip:1']);
    }
    expect(() => throttle.assertAllowed(['ip:1'])).toThrow(RateLimitedError);
    now = 45_000;
    try {
      throttle.assertAllowed(['ip:1']);
    } catch (error) {
      expect((error as RateLimitedError).retryAfterSeconds).toBe(15);
    }
    now = 60_000;
    expect(() => throttle.assertAllowed(['ip:1'])).not.toThrow();
  });

  it('keeps keys apart, and clear() forgets one', () => {
    const throttle = new LoginThrottle(1, 60_000, () => 0);
    throttle.recordFailure(['id:alice']);
    expect(() => throttle.assertAllowed(['id:bob'])).not.toThrow();
    expect(() => throttle.assertAllowed(['id:alice'])).toThrow(RateLimitedError);
    throttle.clear('id:alice');
    expect(() => throttle.assertAllowed(['id:alice'])).not.toThrow();
  });
});
