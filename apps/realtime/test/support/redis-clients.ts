import { testRedisUrl } from '@showfloor/testing';
import { createClient } from 'redis';
import { afterEach } from 'vitest';

/**
 * Redis clients for a test file, as a node configures them (no offline queue, quick reconnects),
 * destroyed after each test. Call once at a file's top level.
 */
export function redisClientsPerTest() {
  const clients: ReturnType<typeof createClient>[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  return async function connect(url = testRedisUrl) {
    const client = createClient({
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: 1_000, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 200) },
    });
    client.on('error', () => {});
    await client.connect();
    clients.push(client);
    return client;
  };
}
