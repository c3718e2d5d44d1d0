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
 * asked once, when the first such suite is declared). Under CI a missing Redis is a broken setup
 * (.ci/run starts one), so there the suite is one failing test saying so; never skipped. Only on a
 * developer's machine without Redis is it skipped, visibly, with the reason in its name.
 */
export async function describeWithRedis(name: string, suite: () => void): Promise<void> {
  probe ??= redisAnswers();
  if (await probe) {
    describe(name, suite);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it(`needs Redis at ${testRedisUrl}`, () => {
        expect.fail(`no Redis answered at ${testRedisUrl}; .ci/run starts one, TEST_REDIS_URL points elsewhere`);
      });
    });
  } else {
    describe.skip(`${name} (no Redis at ${testRedisUrl}; CI fails here instead)`, suite);
  }
}
