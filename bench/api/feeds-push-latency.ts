// The push half of `pnpm bench:feeds`: N signed-in sockets on a realtime service, held by a
// process of their own (feeds-socket-clients.ts), then one notification at a time through
// POST /api/notifications (as an admin, to one connected user), timed from just before the request
// is sent until that user's socket hears notification:received (epoch clocks of one machine).
import { CommandChannel, epochNow } from '../realtime/bench-protocol.ts';
import type { FeedsSocketClientCommands } from './feeds-socket-protocol.ts';
import { forkBenchChild } from './ingest-processes.ts';

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

export async function measurePushLatency(options: PushLatencyOptions): Promise<PushLatencyResult> {
  const clients = new CommandChannel<FeedsSocketClientCommands>(
    forkBenchChild('feeds-socket-clients.ts'),
    'socket clients',
  );
  try {
    const { connected, seconds } = await clients.call('connect', {
      realtimeUrl: options.realtimeUrl,
      users: options.userIds.map((userId) => ({ userId, token: options.tokenOf(userId) })),
      concurrency: options.connectConcurrency ?? 50,
    });
    const received: number[] = [];
    const answered: number[] = [];
    for (let i = 0; i < options.pushes; i++) {
      const userId = options.userIds[(i * 7_919) % options.userIds.length] as string;
      const title = `Bench push #${i}`;
      await clients.call('arm', { userId, title, timeoutMs: 10_000 });
      const sent = epochNow();
      const response = await fetch(`${options.apiUrl}/api/notifications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ userId, type: 'system', title, message: 'Timed from POST to socket' }),
      });
      const answer = await response.text();
      answered.push(epochNow() - sent);
      if (response.status !== 201) throw new Error(`POST /api/notifications answered ${response.status}: ${answer}`);
      received.push((await clients.call('heard', { title })).at - sent);
    }
    await clients.call('disconnect', {});
    return { sockets: connected, connectSeconds: seconds, received, answered };
  } finally {
    clients.child.kill();
  }
}
