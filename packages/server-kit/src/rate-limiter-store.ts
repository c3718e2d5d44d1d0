import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { Logger } from './logger.ts';
import { createRedisClient } from './redis-connection.ts';

export interface RateLimiterSpec {
  /** Keeps one limiter's keys apart from another's in a shared store. */
  keyPrefix: string;
  points: number;
  durationMs: number;
  /** Once points are exceeded, the key stays refused this long (0: until its window ends). */
  blockDurationMs?: number;
}

/** Makes the rate-limiter-flexible limiters a service's throttles count with. */
export type RateLimiterFactory = (spec: RateLimiterSpec) => RateLimiterAbstract;

// Redis keeps expiries in whole seconds, so every store counts in them.
const wholeSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Each process counts on its own. */
export const inMemoryRateLimiters: RateLimiterFactory = (spec) =>
  new RateLimiterMemory({
    keyPrefix: spec.keyPrefix,
    points: spec.points,
    duration: wholeSeconds(spec.durationMs),
    blockDuration: spec.blockDurationMs ? wholeSeconds(spec.blockDurationMs) : 0,
  });

export interface RateLimiterStore {
  limiters: RateLimiterFactory;
  /** Settles once the store first reached Redis (true), or gave up its first try (false); true without Redis. */
  ready: Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The rate limits' counters: in memory without `redisUrl`, else in Redis, so a limit holds across
 * every process and node (a login throttle is not multiplied by the number of API processes).
 * While Redis does not answer, each limiter counts in memory instead (rate-limiter-flexible's
 * insurance limiter): limits stay, per process, and nothing waits for Redis.
 */
export function createRateLimiterStore(options: {
  redisUrl: string | undefined;
  keyPrefix: string;
  logger: Logger;
}): RateLimiterStore {
  const { redisUrl, keyPrefix, logger } = options;
  if (!redisUrl) return { limiters: inMemoryRateLimiters, ready: Promise.resolve(true), close: async () => {} };
  const client = createRedisClient(redisUrl, logger);
  // Not awaited by the service: until Redis answers, the insurance limiters count.
  const ready = client.connect().then(
    () => true,
    (error: unknown) => {
      logger.warn({ err: error }, 'rate limits: redis unreachable; counting in memory');
      return false;
    },
  );
  return {
    ready,
    limiters: (spec) =>
      new RateLimiterRedis({
        storeClient: client,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        keyPrefix: `${keyPrefix}rate:${spec.keyPrefix}`,
        points: spec.points,
        duration: wholeSeconds(spec.durationMs),
        blockDuration: spec.blockDurationMs ? wholeSeconds(spec.blockDurationMs) : 0,
        insuranceLimiter: inMemoryRateLimiters(spec),
      }),
    async close() {
      if (client.isReady) await client.close().catch(() => client.destroy());
      else client.destroy();
    },
  };
}
