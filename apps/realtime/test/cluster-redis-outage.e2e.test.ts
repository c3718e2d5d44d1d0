import {
  createSession,
  createUser,
  describeWithRedis,
  startRedisServer,
  type TestRedisServer,
  waitFor,
} from '@showfloor/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ClusterFixture, startClusterFixture } from './support/cluster-fixture.ts';
import type { RealtimeProcess } from './support/realtime-process.ts';
import { collect, tokenFor } from './support/test-stack.ts';

const health = async (node: RealtimeProcess) =>
  (await (await fetch(`${node.url}/health`)).json()) as { counters: { scope: string; redis: string | null } };

// Two realtime processes over a Redis of the test's own, which stops mid-stream and comes back empty.
await describeWithRedis('a Redis outage during a stream', () => {
  let cluster: ClusterFixture;
  let redis: TestRedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
    cluster = await startClusterFixture();
    await cluster.startNodes(['outage-node-a', 'outage-node-b'], {
      REDIS_URL: redis.url,
      NODE_HEARTBEAT_MS: '200',
      TOTALS_CHECKPOINT_MS: '300',
    });
  }, 120_000);
  afterAll(async () => {
    await cluster?.close();
    await redis?.stop();
  });

  const react = async (socket: Socket, sessionId: string) =>
    expect(await socket.emitWithAck('send-reaction', { sessionId, type: 'like' })).toMatchObject({ ok: true });

  it('keeps serving rooms on local counts, says so in /health, and reconciles when Redis returns', {
    timeout: 60_000,
  }, async () => {
    const { stack, nodes } = cluster;
    const viewer = (node: RealtimeProcess, sessionId: string, guestId: string) =>
      cluster.client(node, sessionId, { guestId });
    const session = await createSession(stack.db.prisma);
    const [a, b] = nodes as [RealtimeProcess, RealtimeProcess];
    const onA = await viewer(a, session.id, '5b0c0d0e-0000-4000-8000-000000000001');
    const onB = await viewer(b, session.id, '5b0c0d0e-0000-4000-8000-000000000002');
    await react(onA.socket, session.id);
    await react(onB.socket, session.id);
    await waitFor(() => [onA, onB].every((client) => client.seen.viewers === 2 && client.seen.reactions === 2), {
      what: 'both clients showing the cluster: 2 viewers, 2 reactions',
    });
    expect((await health(a)).counters).toEqual({ scope: 'cluster', redis: 'up' });

    await redis.stop();
    // Each node serves its room on what it counted itself; nothing crashes, reactions are acked.
    await react(onA.socket, session.id);
    const laterOnA = await viewer(a, session.id, '5b0c0d0e-0000-4000-8000-000000000003');
    await waitFor(async () => (await health(a)).counters.redis === 'down', {
      what: "node A's /health saying redis down",
    });
    await waitFor(() => laterOnA.seen.viewers === 2, { what: "node A's own count: its 2 viewers" });
    // A room event (chat goes to the room through the adapter) still reaches node A's own sockets.
    const author = await createUser(stack.db.prisma, { name: 'Outage Author' });
    const { socket: authorSocket } = await cluster.client(a, session.id, { token: tokenFor(author.id) });
    const messages = collect<{ message: string }>(onA.socket, 'new-message');
    expect(
      await authorSocket.emitWithAck('send-message', { sessionId: session.id, message: 'still here' }),
    ).toMatchObject({ ok: true });
    await waitFor(() => messages.length === 1, { what: 'the chat message on node A during the outage' });

    // Redis comes back empty; both nodes write their state back: 4 viewers (the author too), 3 reactions everywhere.
    await redis.restart();
    await waitFor(
      () => [onA, onB, laterOnA].every((client) => client.seen.viewers === 4 && client.seen.reactions === 3),
      { timeoutMs: 10_000, what: 'every client showing 4 viewers and 3 reactions after Redis returned' },
    );
    for (const node of nodes) {
      expect((await health(node)).counters).toEqual({ scope: 'cluster', redis: 'up' });
      expect(node.child.exitCode).toBeNull();
    }

    // PostgreSQL holds each reaction once.
    await waitFor(
      async () => {
        const row = await stack.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
        return (row.reactionCounts as Record<string, number>).like === 3;
      },
      { what: 'the session row holding 3 likes' },
    );
  });
});
