import { randomUUID } from 'node:crypto';
import { createSession, createUser, describeWithRedis, testRedisUrl, waitFor } from '@showfloor/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ClusterFixture, type RoomClient, startClusterFixture } from './support/cluster-fixture.ts';
import type { RealtimeProcess } from './support/realtime-process.ts';
import { collect, connectSocket, tokenFor } from './support/test-stack.ts';

const heartbeatMs = 300;
const checkpointMs = 300;

// Three realtime nodes as deployed (their own processes), one Redis, one API and PostgreSQL.
await describeWithRedis('three realtime nodes sharing one audience through Redis', () => {
  let cluster: ClusterFixture;
  beforeAll(async () => {
    cluster = await startClusterFixture();
    await cluster.startNodes(['cluster-node-a', 'cluster-node-b', 'cluster-node-c'], {
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
      NODE_HEARTBEAT_MS: String(heartbeatMs),
      TOTALS_CHECKPOINT_MS: String(checkpointMs),
      SAMPLE_INTERVAL_MS: '250',
      SNAPSHOT_INTERVAL_MS: '1000',
    });
  }, 120_000);
  afterAll(() => cluster?.close());

  it('shows every client the same exact counts, heals when a node is killed, and stores exact totals', {
    timeout: 90_000,
  }, async () => {
    const { stack, client: viewer } = cluster;
    const session = await createSession(stack.db.prisma);
    const user = await createUser(stack.db.prisma, { name: 'Two Tabs' });
    const [a, b, c] = cluster.nodes as [RealtimeProcess, RealtimeProcess, RealtimeProcess];
    const guestIds = [1, 2, 3, 4, 5, 6].map((n) => `9c1d2e3f-0000-4000-8000-00000000000${n}`);
    // An admin on node A hears users:status: signed-in users online on any node, each once.
    const admin = await createUser(stack.db.prisma, { name: 'Admin', role: 'admin' });
    const adminSocket = await connectSocket(a.url, { token: tokenFor(admin.id, 'admin') });
    cluster.track(adminSocket);
    const online = collect<{ online: number }>(adminSocket, 'users:status');
    const clients: RoomClient[] = [];
    for (const [index, guestId] of guestIds.entries()) {
      clients.push(await viewer(([a, b, c] as const)[index % 3] as RealtimeProcess, session.id, { guestId }));
    }
    // One user with a tab on node A and another on node B: one viewer.
    clients.push(await viewer(a, session.id, { token: tokenFor(user.id) }));
    clients.push(await viewer(b, session.id, { token: tokenFor(user.id) }));
    await waitFor(() => clients.every((client) => client.seen.viewers === 7), {
      timeoutMs: 10_000,
      what: 'every client on every node showing 7 viewers',
    });
    // The admin and the user with two tabs on two other nodes: 2 online.
    await waitFor(() => online.at(-1)?.online === 2, { what: 'users:status saying 2 online' });
    expect(online.every((status) => status.online <= 2)).toBe(true);

    // The snapshots are the cluster's, reported once: one row a window under one id, never three summed.
    await waitFor(
      async () =>
        (await stack.db.prisma.viewerSnapshot.count({ where: { sessionId: session.id, viewerCount: 7 } })) > 0,
      { timeoutMs: 10_000, what: 'a snapshot of the 7 viewers' },
    );
    const snapshots = await stack.db.prisma.viewerSnapshot.findMany({ where: { sessionId: session.id } });
    expect(new Set(snapshots.map((snapshot) => snapshot.nodeId))).toEqual(new Set(['cluster']));
    expect(Math.max(...snapshots.map((snapshot) => snapshot.peakViewers))).toBe(7);

    // Everyone reacts through their own node; every client sees every reaction.
    let acked = 0;
    await Promise.all(
      clients.map(async ({ socket }) => {
        for (let n = 0; n < 3; n += 1) {
          const answer = await socket.emitWithAck('send-reaction', {
            sessionId: session.id,
            type: n === 0 ? 'fire' : 'like',
          });
          if ((answer as { ok?: boolean }).ok) acked += 1;
        }
      }),
    );
    expect(acked).toBe(24);
    await waitFor(() => clients.every((client) => client.seen.reactions === acked), {
      timeoutMs: 10_000,
      what: `every client showing ${acked} reactions`,
    });

    // Node C dies without a word: its two guests stop counting within three heartbeats (and a broadcast).
    await new Promise((resolve) => setTimeout(resolve, 2 * checkpointMs));
    c.child.kill('SIGKILL');
    const killedAt = Date.now();
    await c.exited;
    const survivors = clients.filter((_, index) => index % 3 !== 2 || index >= 6);
    await waitFor(() => survivors.every((client) => client.seen.viewers === 5), {
      timeoutMs: 10_000,
      what: "the survivors showing 5 viewers once node C's presence lapsed",
    });
    expect(Date.now() - killedAt).toBeLessThan(3 * heartbeatMs + 2_000);

    // Its viewers reconnect to node A, and count again, once each.
    for (const index of [2, 5]) {
      survivors.push(await viewer(a, session.id, { guestId: guestIds[index] as string }));
    }
    await waitFor(() => survivors.every((client) => client.seen.viewers === 7), {
      timeoutMs: 10_000,
      what: 'every client showing 7 viewers again',
    });

    // PostgreSQL: every acked reaction (node C's reached its last checkpoint before the kill), the
    // cluster's peak and its distinct viewers.
    await waitFor(
      async () => {
        const row = await stack.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
        const counts = row.reactionCounts as Record<string, number>;
        return counts.fire === 8 && counts.like === 16 && row.peakViewers === 7 && row.totalViewers === 7;
      },
      { timeoutMs: 10_000, what: 'the session row holding 8 fire, 16 like, peak 7, 7 viewers' },
    );
  });
});
