import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';

export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers a PING at `url` within half a second. */
export async function redisAnswers(url = testRedisUrl): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 500, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    await client.quit();
    return true;
  } catch {
    return false;
  }
}

let probe: Promise<boolean> | undefined;

/**
 * A suite that needs the machine's Redis (call it with `await` at the top of the file: Redis is
 * asked once, when the first such suite is declared). Without one it is skipped on a developer's
 * machine, but under CI a missing Redis is a broken setup (.ci/run starts one), so there it fails.
 */
export async function describeWithRedis(name: string, suite: () => void): Promise<void> {
  probe ??= redisAnswers();
  const redisUp = await probe;
  if (redisUp) {
    describe(name, suite);
    return;
  }
  describe.runIf(process.env.CI === 'true')(name, () => {
    it(`needs Redis at ${testRedisUrl}`, () => {
      expect(redisUp, `no Redis answered at ${testRedisUrl}; .ci/run starts one, TEST_REDIS_URL points elsewhere`).toBe(
        true,
      );
    });
  });
}
