import type { Server as HttpServer } from 'node:http';
import type { RealtimeConfig } from '@showfloor/config';
import type { Logger } from '@showfloor/server-kit';
import { Server } from 'socket.io';
import { attachRedisAdapter } from './redis-adapter.ts';
import type { RealtimeServer } from './socket-types.ts';

// Payloads here are tiny (ids, a reaction type, a 500-char message); a small cap blunts abuse.
const maxSocketPayloadBytes = 16 * 1024;

/**
 * Socket.IO on the service's HTTP server; with REDIS_URL, its rooms are shared with the other
 * nodes. `redis` is undefined on a single node.
 */
export async function createSocketServer(
  httpServer: HttpServer,
  config: Pick<RealtimeConfig, 'CORS_ORIGINS' | 'REDIS_URL'>,
  logger: Logger,
): Promise<{ io: RealtimeServer; redis?: { close(): Promise<void> } }> {
  const io: RealtimeServer = new Server(httpServer, {
    maxHttpBufferSize: maxSocketPayloadBytes,
    cors: { origin: config.CORS_ORIGINS.includes('*') ? true : config.CORS_ORIGINS, credentials: true },
  });
  if (!config.REDIS_URL) return { io };
  return { io, redis: await attachRedisAdapter(io, config.REDIS_URL, logger) };
}
