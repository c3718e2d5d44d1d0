import type { RoomEventName } from '@showfloor/contracts';
import { startRealtimeServer } from '@showfloor/realtime';
import { createLogger } from '@showfloor/server-kit';
import { findFreePort, testRealtimeConfig } from '@showfloor/testing';
import { io, type Socket } from 'socket.io-client';

/**
 * The real realtime service on a free port, for tests of REST calls that must reach viewers.
 * Start it first and pass `realtimeEnv(realtime)` to startTestApi so the API broadcasts to it.
 * Joining a room asks the API for the session's facts, so viewerIn() needs `apiUrl`: reserve a
 * port with findFreePort(), pass it here, and `api.app.listen()` on it once the API is built.
 */
export async function startListeningRealtime(options: { apiUrl?: string } = {}) {
  const apiUrl = options.apiUrl ?? `http://127.0.0.1:${await findFreePort()}`;
  const config = testRealtimeConfig({ API_INTERNAL_URL: apiUrl });
  const server = await startRealtimeServer({
    config,
    logger: createLogger({ name: 'realtime-test', level: 'silent' }),
  });
  const sockets: Socket[] = [];
  return {
    url: server.url,
    /** A real socket.io-client that has joined the session's room. */
    async viewerIn(sessionId: string): Promise<Socket> {
      const socket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
      sockets.push(socket);
      const ack = await socket.emitWithAck('join-session', { sessionId });
      if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack)}`);
      return socket;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await server.close();
    },
  };
}

export type ListeningRealtime = Awaited<ReturnType<typeof startListeningRealtime>>;

export const realtimeEnv = (realtime: ListeningRealtime) => ({ REALTIME_INTERNAL_URL: realtime.url });

/** Resolves with the next `event` the socket receives, or rejects after `timeoutMs`. */
export function nextEvent<T = unknown>(socket: Socket, event: RoomEventName, timeoutMs = 3_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event as string, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/**
 * The API listening on a real port next to a real realtime service that points back at it: the
 * API broadcasts to the service, and the service (joining rooms) reads session facts from the API.
 */
export async function startApiWithRealtime(
  env: Record<string, string> = {},
  options: Parameters<typeof import('./test-api.ts').startTestApi>[1] = {},
) {
  const { findFreePort: freePort } = await import('@showfloor/testing');
  const { startTestApi } = await import('./test-api.ts');
  const apiPort = await freePort();
  const realtime = await startListeningRealtime({ apiUrl: `http://127.0.0.1:${apiPort}` });
  const api = await startTestApi({ ...realtimeEnv(realtime), ...env }, options);
  await api.app.listen({ host: '127.0.0.1', port: apiPort });
  return { api, realtime };
}
