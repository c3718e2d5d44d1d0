import type { Logger } from '@showfloor/server-kit';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { RealtimeServer } from './socket-types.ts';

/**
 * With REDIS_URL set, rooms span every realtime node: an event emitted to a room on one node
 * (a chat message, a showcase, the API's stream-started) reaches sockets on all of them.
 */
export async function attachRedisAdapter(io: RealtimeServer, redisUrl: string, logger: Logger) {
  const publisher = createClient({ url: redisUrl });
  const subscriber = publisher.duplicate();
  for (const client of [publisher, subscriber]) {
    client.on('error', (error: unknown) => logger.error({ err: error }, 'redis connection error'));
  }
  await Promise.all([publisher.connect(), subscriber.connect()]);
  io.adapter(createAdapter(publisher, subscriber));
  logger.info({ redis: new URL(redisUrl).host }, 'socket.io rooms shared through redis');
  return {
    async close(): Promise<void> {
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}
