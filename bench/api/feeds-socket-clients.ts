// The signed-in sockets of `pnpm bench:feeds`' push half, in a process of their own: 10,000
// sockets and the server's 10,000 ends do not fit one process's descriptor limit, and clients that
// share the server's event loop would slow what they measure.
import { io as connectClient, type Socket } from 'socket.io-client';
import { epochNow, serveCommands } from '../realtime/bench-protocol.ts';
import type { FeedsSocketClientCommands } from './feeds-socket-protocol.ts';

const sockets = new Map<string, Socket>();
/** Pushes armed by title: resolved with the epoch ms their socket heard them. */
const awaited = new Map<string, Promise<number>>();

function connectSocket(url: string, token: string): Promise<Socket> {
  const socket = connectClient(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { token },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

serveCommands<FeedsSocketClientCommands>({
  async connect({ realtimeUrl, users, concurrency }) {
    const started = epochNow();
    for (let start = 0; start < users.length; start += concurrency) {
      await Promise.all(
        users.slice(start, start + concurrency).map(async ({ userId, token }) => {
          sockets.set(userId, await connectSocket(realtimeUrl, token));
        }),
      );
    }
    return { connected: sockets.size, seconds: (epochNow() - started) / 1000 };
  },

  async arm({ userId, title, timeoutMs }) {
    const found = sockets.get(userId);
    if (!found) throw new Error(`no socket for ${userId}`);
    const socket = found;
    const heard = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.off('notification:received', listener);
        reject(new Error(`no notification:received "${title}" within ${timeoutMs} ms`));
      }, timeoutMs);
      function listener(payload: { notification: { title: string } }): void {
        if (payload.notification.title !== title) return;
        clearTimeout(timer);
        socket.off('notification:received', listener);
        resolve(epochNow());
      }
      socket.on('notification:received', listener);
    });
    // Kept from rejecting unobserved; `heard` reports the failure.
    heard.catch(() => undefined);
    awaited.set(title, heard);
    return { armed: true };
  },

  async heard({ title }) {
    const heard = awaited.get(title);
    if (!heard) throw new Error(`"${title}" was never armed`);
    awaited.delete(title);
    return { at: await heard };
  },

  async disconnect() {
    for (const socket of sockets.values()) socket.disconnect();
    const closed = sockets.size;
    sockets.clear();
    return { closed };
  },
});
