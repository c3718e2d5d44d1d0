import { randomUUID } from 'node:crypto';
import { createLogger, createRateLimiterStore, type RateLimiterStore } from '@showfloor/server-kit';
import { describeWithRedis, startRedisServer, testRedisUrl } from '@showfloor/testing';
import { afterEach, expect, it } from 'vitest';

const logger = createLogger({ name: 'rate-limits-test', level: 'silent' });
const stores: RateLimiterStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

/** One process's limiter store (an API process, a realtime node). */
async function processStore(redisUrl: string, keyPrefix: string) {
  const store = createRateLimiterStore({ redisUrl, keyPrefix, logger });
  stores.push(store);
  expect(await store.ready).toBe(true);
  return store;
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'allowed',
    () => 'refused',
  );

await describeWithRedis('rate limits shared through Redis', () => {
  it('holds one budget across processes: the third of a 2-point budget is refused wherever it lands', async () => {
    const prefix = `test:${randomUUID()}:`;
    const spec = { keyPrefix: 'login', points: 2, durationMs: 60_000 };
    const [first, second] = await Promise.all([processStore(testRedisUrl, prefix), processStore(testRedisUrl, prefix)]);
    const [a, b] = [first.limiters(spec), second.limiters(spec)];
    expect(await outcome(a.consume('203.0.113.9'))).toBe('allowed');
    expect(await outcome(b.consume('203.0.113.9'))).toBe('allowed');
    expect(await outcome(a.consume('203.0.113.9'))).toBe('refused');
    expect(await outcome(b.consume('203.0.113.9'))).toBe('refused');
    // Another key has its own budget.
    expect(await outcome(b.consume('198.51.100.7'))).toBe('allowed');
  });

  it('keeps limiting in memory, never waiting, while Redis is down', async () => {
    const redis = await startRedisServer();
    try {
      const store = await processStore(redis.url, `test:${randomUUID()}:`);
      const limiter = store.limiters({ keyPrefix: 'chat', points: 2, durationMs: 60_000 });
      await redis.stop();
      const started = Date.now();
      expect(await outcome(limiter.consume('user-1'))).toBe('allowed');
      expect(await outcome(limiter.consume('user-1'))).toBe('allowed');
      expect(await outcome(limiter.consume('user-1'))).toBe('refused');
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await redis.stop();
    }
  });
});
