// The push half of `pnpm bench:feeds`: N signed-in sockets on a realtime service, then one
// notification at a time through POST /api/notifications (as an admin, to one connected user),
// timed from just before the request is sent until that user's socket hears notification:received.
import { performance } from 'node:perf_hooks';
import { io as connectClient, type Socket } from 'socket.io-client';

export interface PushLatencyOptions {
  apiUrl: string;
  realtimeUrl: string;
  /** Users to sign sockets in as, one socket each. */
  userIds: readonly string[];
  tokenOf: (userId: string) => string;
  adminToken: string;
  pushes: number;
  /** Handshakes in flight at once while connecting. */
  connectConcurrency?: number;
}

export interface PushLatencyResult {
  sockets: number;
  connectSeconds: number;
  /** POST sent → the socket's event, ms. */
  received: number[];
  /** POST sent → its 201 answer, ms (the API answers before the push is delivered). */
  answered: number[];
}

async function connectSocket(url: string, token: string): Promise<Socket> {
  const socket = connectClient(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { token },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

async function connectAll(options: PushLatencyOptions): Promise<Socket[]> {
  const sockets: Socket[] = [];
  const concurrency = options.connectConcurrency ?? 50;
  for (let start = 0; start < options.userIds.length; start += concurrency) {
    const batch = options.userIds.slice(start, start + concurrency);
    sockets.push(
      ...(await Promise.all(batch.map((userId) => connectSocket(options.realtimeUrl, options.tokenOf(userId))))),
    );
  }
  return sockets;
}

function nextNotification(socket: Socket, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('notification:received', heard);
      reject(new Error(`no notification:received within ${timeoutMs} ms`));
    }, timeoutMs);
    function heard(): void {
      clearTimeout(timer);
      resolve(performance.now());
    }
    socket.once('notification:received', heard);
  });
}

export async function measurePushLatency(options: PushLatencyOptions): Promise<PushLatencyResult> {
  const connectStarted = performance.now();
  const sockets = await connectAll(options);
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  const received: number[] = [];
  const answered: number[] = [];
  try {
    for (let i = 0; i < options.pushes; i++) {
      const k = (i * 7_919) % sockets.length;
      const socket = sockets[k] as Socket;
      const userId = options.userIds[k] as string;
      const heard = nextNotification(socket, 10_000);
      const sent = performance.now();
      const response = await fetch(`${options.apiUrl}/api/notifications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          userId,
          type: 'system',
          title: `Bench push #${i}`,
          message: 'Timed from POST to socket',
        }),
      });
      const answer = await response.text();
      answered.push(performance.now() - sent);
      if (response.status !== 201) throw new Error(`POST /api/notifications answered ${response.status}: ${answer}`);
      received.push((await heard) - sent);
    }
  } finally {
    for (const socket of sockets) socket.disconnect();
  }
  return { sockets: sockets.length, connectSeconds, received, answered };
}
