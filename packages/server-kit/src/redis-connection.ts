import { createClient } from 'redis';
import type { Logger } from './logger.ts';

export type RedisClient = ReturnType<typeof createClient>;

/**
 * A client for what a service keeps in Redis while it runs: commands fail at once while Redis is
 * away (never queued, so an outage grows no memory and the caller falls back at once), and it
 * reconnects by itself, backing off to 2 s. Errors on each failed reconnection go to debug: the
 * caller logs the outage once.
 */
export function createRedisClient(url: string, logger: Logger): RedisClient {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) },
  });
  client.on('error', (error: unknown) => logger.debug({ err: error }, 'redis connection error'));
  return client;
}

/**
 * Connects a Redis client at start-up, or fails the start-up with a clear error: a service that
 * needs Redis (shared rooms and counters) must not hang silently while it is unreachable. Once
 * started, the client reconnects by itself and the service rides out outages.
 */
export async function connectRedisAtStart(
  client: Pick<RedisClient, 'connect' | 'destroy'>,
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
