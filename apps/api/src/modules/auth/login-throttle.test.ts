import { RateLimitedError } from '@showfloor/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LoginAttempt, LoginThrottle } from './login-throttle.ts';

// rate-limiter-flexible reads Date.now and expires keys with timers: fake ones drive both.
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

const throttle = () =>
  new LoginThrottle({
    maxFailuresPerIpAndAccount: 3,
    maxFailuresPerIp: 5,
    slowDownAfterFailures: 2,
    slowDownMaxMs: 4_000,
    windowMs: 60_000,
  });

/** Admits the attempt, or answers the seconds it was told to wait. */
async function outcome(limiter: LoginThrottle, attempt: LoginAttempt): Promise<'admitted' | number> {
  try {
    await limiter.admit(attempt);
    return 'admitted';
  } catch (error) {
    if (error instanceof RateLimitedError) return error.retryAfterSeconds ?? Number.NaN;
    throw error;
  }
}

describe('LoginThrottle', () => {
  it('blocks an address + account pair after its consecutive failures, for a window from then', async () => {
    const limiter = throttle();
    const attempt = { ip: '203.0.113.1', account: 'user:alice' };
    // Spread out, so the account's slow-down never stands in the way.
    for (let i = 0; i < 3; i++) {
      expect(await outcome(limiter, attempt)).toBe('admitted');
      vi.advanceTimersByTime(5_000);
    }
    expect(await outcome(limiter, attempt)).toBe(60);
    expect(await outcome(limiter, { ip: '203.0.113.2', account: 'user:alice' })).toBe('admitted');
    vi.advanceTimersByTime(59_000);
    expect(await outcome(limiter, attempt)).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(await outcome(limiter, attempt)).toBe('admitted');
  });

  it('slows an account down after its failures, 1 s, 2 s, 4 s and no more, whatever the address', async () => {
    const limiter = throttle();
    let address = 0;
    const fromAnywhere = () => ({ ip: `203.0.113.${++address}`, account: 'user:bob' });
    expect(await outcome(limiter, fromAnywhere())).toBe('admitted');
    expect(await outcome(limiter, fromAnywhere())).toBe('admitted');
    const waits: number[] = [];
    for (const delaySeconds of [1, 2, 4, 4, 4]) {
      expect(await outcome(limiter, fromAnywhere())).toBe('admitted');
      const refused = await outcome(limiter, fromAnywhere());
      waits.push(refused as number);
      vi.advanceTimersByTime(delaySeconds * 1000);
    }
    expect(waits).toEqual([1, 2, 4, 4, 4]);
  });

  it('an owner retrying through a slow-down never blocks their own address', async () => {
    const limiter = throttle();
    for (let i = 0; i < 3; i++) await outcome(limiter, { ip: `198.51.100.${i}`, account: 'user:gina' });
    const owner = { ip: '203.0.113.77', account: 'user:gina' };
    // More refusals than the pair's 3 and the address's 5 allowed failures: none counted as one.
    for (let i = 0; i < 8; i++) expect(await outcome(limiter, owner)).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(await outcome(limiter, owner)).toBe('admitted');
  });

  it('a success forgets the account’s failures and the pair’s, and gives the address its point back', async () => {
    const limiter = throttle();
    const owner = { ip: '203.0.113.9', account: 'user:carol' };
    for (let round = 0; round < 4; round++) {
      expect(await outcome(limiter, owner)).toBe('admitted'); // a typo
      expect(await outcome(limiter, owner)).toBe('admitted');
      await limiter.succeeded(owner);
    }
    // Eight attempts, four successes: the address has spent four of its five points.
    expect(await outcome(limiter, { ...owner, account: 'user:dave' })).toBe('admitted');
    expect(await outcome(limiter, { ...owner, account: 'user:erin' })).toBe(60);
  });

  it('blocks an address that failed for many accounts, and only that address', async () => {
    const limiter = throttle();
    for (let i = 0; i < 5; i++) {
      expect(await outcome(limiter, { ip: '203.0.113.50', account: `login:name${i}` })).toBe('admitted');
    }
    expect(await outcome(limiter, { ip: '203.0.113.50', account: 'user:frank' })).toBe(60);
    expect(await outcome(limiter, { ip: '203.0.113.51', account: 'user:frank' })).toBe('admitted');
  });
});
