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
 * asked once, when the first such suite is declared). A missing Redis is a broken setup, on a
 * developer's machine as in CI (.ci/run starts one): the suite is then one failing test saying
 * how to start it — never skipped, so nothing it covers can silently stop being tested.
 */
export async function describeWithRedis(name: string, suite: () => void): Promise<void> {
  probe ??= redisAnswers();
  if (await probe) {
    describe(name, suite);
    return;
  }
  describe(name, () => {
    it(`needs Redis at ${testRedisUrl}`, () => {
      expect.fail(
        `no Redis answered at ${testRedisUrl}; start one (\`redis-server\`, or .ci/run does) or point TEST_REDIS_URL at it`,
      );
    });
  });
}
