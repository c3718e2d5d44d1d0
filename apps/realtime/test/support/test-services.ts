import { startApiServer } from '@showfloor/api';
import type { Clock } from '@showfloor/server-kit';
import { createLogger } from '@showfloor/server-kit';
import { type TestDatabase, testApiConfig, testRealtimeConfig } from '@showfloor/testing';
import { io as connectClient, type Socket } from 'socket.io-client';
import { startRealtimeServer } from '../../src/server.ts';

const silent = createLogger({ name: 'test', level: 'silent' });

/** The real API listening on a real port (0 = any free port) over the test database. */
export async function startListeningApi(db: TestDatabase, port = 0) {
  return startApiServer({
    config: testApiConfig(db.url, { PORT: String(port) }),
    logger: silent,
    prisma: db.prisma,
  });
}

export async function startTestRealtime(options: { apiUrl: string; clock?: Clock; env?: Record<string, string> }) {
  const config = testRealtimeConfig({
    API_INTERNAL_URL: options.apiUrl,
    RETRY_BASE_MS: '100',
    RETRY_MAX_MS: '1000',
    ...options.env,
  });
  const server = await startRealtimeServer({
    config,
    logger: silent,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const clients: Socket[] = [];
  return {
    ...server,
    config,
    /** A real socket.io-client connection, closed with the server. */
    async connect(): Promise<Socket> {
      const socket = connectClient(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
      clients.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async close() {
      for (const client of clients) client.disconnect();
      await server.close();
    },
  };
}
