import { RateLimitedError } from '@showfloor/contracts';
import { RateLimiterRes } from 'rate-limiter-flexible';

// The throttles (logins, chat) count through a RateLimiterFactory from @showfloor/server-kit:
// in memory per process, or in Redis across processes and hosts when REDIS_URL is set (services.ts).

/** The limiter's "refused" answer (it rejects with a RateLimiterRes; a store failure is an Error). */
export function isRefusal(error: unknown): error is RateLimiterRes {
  return error instanceof RateLimiterRes;
}

/** A 429 with whole seconds to wait, never 0. */
export function rateLimitedFor(msBeforeNext: number, reason: string): RateLimitedError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new RateLimitedError(`${reason}; retry in ${retryAfterSeconds} s`, retryAfterSeconds);
}
