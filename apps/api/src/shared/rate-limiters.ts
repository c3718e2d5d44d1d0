import { RateLimitedError } from '@showfloor/contracts';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimiterSpec {
  /** Keeps one limiter's keys apart from another's in a shared store. */
  keyPrefix: string;
  points: number;
  durationMs: number;
  /** Once points are exceeded, the key stays refused this long (0: until its window ends). */
  blockDurationMs?: number;
}

/**
 * Makes the rate-limiter-flexible limiters the API's throttles (logins, chat) count with.
 * In memory for now, so each API instance counts on its own; a factory that returns
 * RateLimiterRedis (same options plus a `storeClient`) can replace this one in services.ts and
 * the limits then hold across instances, with no change to the throttles.
 */
export type RateLimiterFactory = (spec: RateLimiterSpec) => RateLimiterAbstract;

// Redis keeps expiries in whole seconds, so every store counts in them.
const wholeSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export const inMemoryRateLimiters: RateLimiterFactory = (spec) =>
  new RateLimiterMemory({
    keyPrefix: spec.keyPrefix,
    points: spec.points,
    duration: wholeSeconds(spec.durationMs),
    blockDuration: spec.blockDurationMs ? wholeSeconds(spec.blockDurationMs) : 0,
  });

/** The limiter's "refused" answer (it rejects with a RateLimiterRes; a store failure is an Error). */
export function isRefusal(error: unknown): error is RateLimiterRes {
  return error instanceof RateLimiterRes;
}

/** A 429 with whole seconds to wait, never 0. */
export function rateLimitedFor(msBeforeNext: number, reason: string): RateLimitedError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new RateLimitedError(`${reason}; retry in ${retryAfterSeconds} s`, retryAfterSeconds);
}
