import { connectRedisAtStart, createRedisClient, type Logger } from '@showfloor/server-kit';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { RealtimeServer } from './socket-types.ts';

/**
 * With REDIS_URL set, rooms span every realtime node: an event emitted to a room on one node
 * (a chat message, a showcase, the API's stream-started) reaches sockets on all of them.
 *
 * While Redis is away, an event still reaches this node's own sockets, and its copy for the other
 * nodes is dropped (logged once per outage) rather than queued: an outage must not grow memory
 * without bound, and the adapter leaves a failed publish unhandled, so it is caught here.
 */
export async function attachRedisAdapter(io: RealtimeServer, redisUrl: string, logger: Logger) {
  const publisher = createRedisClient(redisUrl, logger);
  // The subscriber only subscribes, and resubscribes by itself after an outage.
  const subscriber = createClient({ url: redisUrl });
  subscriber.on('error', (error: unknown) => logger.debug({ err: error }, 'redis connection error'));
  let dropping = false;
  publisher.on('ready', () => {
    if (dropping) logger.info('redis answers again: room events reach the other nodes');
    dropping = false;
  });
  const publish = publisher.publish.bind(publisher);
  Object.defineProperty(publisher, 'publish', {
    value: (...args: Parameters<typeof publish>) =>
      publish(...args).catch((error: unknown) => {
        if (!dropping) logger.error({ err: error }, 'redis unavailable: room events reach this node’s sockets only');
        dropping = true;
        return 0;
      }),
  });
  await Promise.all(
    [publisher, subscriber].map((client) =>
      connectRedisAtStart(client, { what: 'socket.io rooms', url: redisUrl, logger }),
    ),
  );
  io.adapter(createAdapter(publisher, subscriber));
  logger.info({ redis: new URL(redisUrl).host }, 'socket.io rooms shared through redis');
  return {
    async close(): Promise<void> {
      for (const client of [publisher, subscriber]) {
        if (client.isReady) await client.close().catch(() => client.destroy());
        else client.destroy();
      }
    },
  };
}
