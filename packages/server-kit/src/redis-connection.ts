import type { createClient } from 'redis';
import type { Logger } from './logger.ts';

type RedisClient = Pick<ReturnType<typeof createClient>, 'connect' | 'destroy'>;

/**
 * Connects a Redis client at start-up, or fails the start-up with a clear error: a service that
 * needs Redis (shared rooms and counters) must not hang silently while it is unreachable. Once
 * started, the client reconnects by itself and the service rides out outages.
 */
export async function connectRedisAtStart(
  client: RedisClient,
  options: { what: string; url: string; logger: Logger; timeoutMs?: number },
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const host = new URL(options.url).host;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis at ${host} did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([client.connect(), deadline]);
  } catch (error) {
    client.destroy();
    options.logger.error({ err: error, redis: host }, `${options.what}: redis unreachable at start-up`);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
