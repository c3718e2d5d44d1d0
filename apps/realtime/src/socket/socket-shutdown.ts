import type { Server as HttpServer } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@showfloor/server-kit';
import type { RealtimeServer } from './socket-types.ts';

/**
 * Tracks every connection the server holds, so shutdown can end the ones a client never closes.
 * `closeSockets` disconnects every socket of this node and waits for their connections to end;
 * whatever is still open after `deadlineMs` (a frozen client never answers the websocket close
 * handshake, which would hold us 30 s) is destroyed.
 */
export function createSocketCloser(options: {
  io: RealtimeServer;
  server: HttpServer;
  deadlineMs: number;
  logger: Logger;
}): { closeSockets(): Promise<void> } {
  const connections = new Set<NetSocket>();
  options.server.on('connection', (connection: NetSocket) => {
    connections.add(connection);
    connection.once('close', () => connections.delete(connection));
  });

  return {
    async closeSockets() {
      const closed = options.io.close();
      const deadline = new AbortController();
      const outcome = await Promise.race([
        closed.then(() => 'closed' as const),
        sleep(options.deadlineMs, 'deadline' as const, { signal: deadline.signal }),
      ]);
      deadline.abort();
      if (outcome === 'deadline' && connections.size > 0) {
        options.logger.warn(
          { connections: connections.size },
          'connections still open at the shutdown deadline; closing them',
        );
        for (const connection of connections) connection.destroy();
      }
      await closed;
    },
  };
}
