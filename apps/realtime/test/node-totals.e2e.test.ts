import { internalKeyHeader, internalPath, realtimeInternalRoutes } from '@showfloor/contracts';
import { createLogger } from '@showfloor/server-kit';
import { createSession, testRealtimeConfig, testSecrets, waitFor } from '@showfloor/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer } from '../src/server.ts';
import {
  connectSocket,
  endStream,
  fetchJson,
  liveSessionWithProducts,
  startStack,
  type TestStack,
} from './support/test-stack.ts';

const silent = createLogger({ name: 'test', level: 'silent' });
// Short, so a node that did not hear the API's stream-ended sees the status change quickly.
const factsTtl = { SESSION_FACTS_TTL_MS: '100' };

async function react(socket: Socket, sessionId: string, types: string[]): Promise<void> {
  for (const type of types) {
    expect(await socket.emitWithAck('send-reaction', { sessionId, type })).toMatchObject({ ok: true });
  }
}

async function endStreamNow(stack: TestStack, creatorId: string, sessionId: string): Promise<void> {
  expect((await endStream(stack, creatorId, sessionId)).status).toBe(200);
}

/**
 * The session's stored totals once every listed realtime node has ended it and delivered
 * everything it held (its final totals included).
 */
async function storedTotals(stack: TestStack, sessionId: string, realtimeUrls: string[]) {
  await waitFor(
    async () => {
      const health = await Promise.all(realtimeUrls.map((url) => fetchJson(`${url}/health`)));
      return health.every((node) => node.liveSessions === 0 && node.pendingDeliveries === 0);
    },
    { what: 'every node to end the session and deliver its totals' },
  );
  const session = await stack.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
  const clicks = await stack.db.prisma.productClickStat.findMany({
    where: { sessionId },
    select: { productId: true, uniqueClicks: true, totalClicks: true, clickThroughRate: true },
    orderBy: { totalClicks: 'desc' },
  });
  return { reactionCounts: session.reactionCounts, totalViewers: session.totalViewers, clicks };
}

describe('two realtime nodes serving one session at once', () => {
  let nodeA: TestStack;
  let nodeB: TestStack;
  beforeAll(async () => {
    nodeA = await startStack({ realtimeEnv: { NODE_ID: 'node-a', ...factsTtl } });
    nodeB = await startStack({ db: nodeA.db, realtimeEnv: { NODE_ID: 'node-b', ...factsTtl } });
  });
  afterAll(async () => {
    await nodeB.close({ keepDatabase: true });
    await nodeA.close();
  });

  it('stores the sum of both nodes, not whichever reported last', async () => {
    const { creator, products, session } = await liveSessionWithProducts(nodeA);
    const [first, second] = products.map((product) => product.id);
    const onA = await nodeA.connect({ guestId: '7a0e3c1a-0000-4000-8000-00000000000a' });
    const onB = await nodeB.connect({ guestId: '7a0e3c1a-0000-4000-8000-00000000000b' });
    for (const socket of [onA, onB]) await socket.emitWithAck('join-session', session.id);
    await react(onA, session.id, ['heart', 'heart', 'heart']);
    await react(onB, session.id, ['heart', 'heart', 'fire']);
    await onA.emitWithAck('track-product-click', { sessionId: session.id, productId: first });
    await onB.emitWithAck('track-product-click', { sessionId: session.id, productId: first });
    await onB.emitWithAck('track-product-click', { sessionId: session.id, productId: second });

    // Node A hears the API's stream-ended; node B finds out from the session's status.
    await endStreamNow(nodeA, creator.id, session.id);
    expect(await storedTotals(nodeA, session.id, [nodeA.realtime.url, nodeB.realtime.url])).toEqual({
      reactionCounts: { heart: 5, fire: 1 },
      totalViewers: 2,
      clicks: [
        { productId: first, uniqueClicks: 2, totalClicks: 2, clickThroughRate: 100 },
        { productId: second, uniqueClicks: 1, totalClicks: 1, clickThroughRate: 50 },
      ],
    });
  });
});

describe('a node taking over a stream', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ realtimeEnv: { NODE_ID: 'first-node', ...factsTtl } });
  });
  afterAll(() => stack.close());

  async function startNode(nodeId: string) {
    const config = testRealtimeConfig({ API_INTERNAL_URL: stack.apiUrl, NODE_ID: nodeId, ...factsTtl });
    return startRealtimeServer({ config, logger: silent });
  }

  it('continues from what the earlier nodes reported: nothing lost, nothing doubled', async () => {
    const { creator, products, session } = await liveSessionWithProducts(stack);
    const productId = products[0]?.id;
    const first = await stack.connect({ guestId: '7b0e3c1a-0000-4000-8000-00000000000a' });
    await first.emitWithAck('join-session', session.id);
    await react(first, session.id, ['like', 'like', 'like']);
    await first.emitWithAck('track-product-click', { sessionId: session.id, productId });
    await stack.realtime.close(); // shutdown checkpoint: first-node has like 3, one click

    // The same node again (a restart keeps its id), then a node with another id beside it.
    const restarted = await startNode('first-node');
    const other = await startNode('second-node');
    try {
      const again = await connectSocket(restarted.url, { guestId: '7b0e3c1a-0000-4000-8000-00000000000b' });
      const elsewhere = await connectSocket(other.url, { guestId: '7b0e3c1a-0000-4000-8000-00000000000c' });
      for (const socket of [again, elsewhere]) await socket.emitWithAck('join-session', session.id);
      const shown = new Promise((resolve) => elsewhere.once('reaction-stats', resolve));
      await react(again, session.id, ['like']);
      await react(elsewhere, session.id, ['like']);
      // What the second node's room sees includes the first node's reported counts.
      expect(await shown).toMatchObject({ counts: { like: 4 }, total: 4 });
      await again.emitWithAck('track-product-click', { sessionId: session.id, productId });
      for (const socket of [again, elsewhere]) socket.disconnect();

      await endStreamNow(stack, creator.id, session.id);
      expect(await storedTotals(stack, session.id, [restarted.url, other.url])).toEqual({
        reactionCounts: { like: 5 },
        totalViewers: 3,
        clicks: [{ productId, uniqueClicks: 2, totalClicks: 2, clickThroughRate: 66.7 }],
      });
    } finally {
      await Promise.all([restarted.close(), other.close()]);
    }
  });
});

describe('a node restarted under the same NODE_ID', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ realtimeEnv: { NODE_ID: 'restarting-node', ...factsTtl } });
  });
  afterAll(() => stack.close());

  it('counts returning viewers and clickers once, live and in PostgreSQL', async () => {
    const { creator, products, session } = await liveSessionWithProducts(stack);
    const guestIds = Array.from({ length: 10 }, (_, i) => `7d0e3c1a-0000-4000-8000-0000000000${10 + i}`);
    const watchAndClick = async (url: string) => {
      const sockets = await Promise.all(guestIds.map((guestId) => connectSocket(url, { guestId })));
      for (const socket of sockets) {
        expect(await socket.emitWithAck('join-session', session.id)).toMatchObject({ ok: true });
        for (const product of products) {
          const ack = await socket.emitWithAck('track-product-click', { sessionId: session.id, productId: product.id });
          expect(ack).toMatchObject({ ok: true });
        }
      }
      return sockets;
    };
    for (const socket of await watchAndClick(stack.realtime.url)) socket.disconnect();
    await stack.realtime.close(); // SIGTERM's shutdown: views closed, totals checkpointed

    const config = testRealtimeConfig({ API_INTERNAL_URL: stack.apiUrl, NODE_ID: 'restarting-node', ...factsTtl });
    const restarted = await startRealtimeServer({ config, logger: silent });
    try {
      const returning = await watchAndClick(restarted.url);
      // What the restarted node counts live (the API's live reads ask it the same way).
      const live = await fetchJson(
        `${restarted.url}${internalPath(realtimeInternalRoutes.liveSession, { sessionId: session.id })}`,
        { headers: { [internalKeyHeader]: testSecrets.internalApiKey } },
      );
      expect(live.data).toMatchObject({ live: true, totalViewers: 10 });
      expect(live.data.productClicks.map((product: { uniqueClicks: number }) => product.uniqueClicks)).toEqual([
        10, 10,
      ]);
      for (const socket of returning) socket.disconnect();

      await endStreamNow(stack, creator.id, session.id);
      const stored = await storedTotals(stack, session.id, [restarted.url]);
      expect(stored.totalViewers).toBe(10);
      expect(
        stored.clicks.map(({ uniqueClicks, totalClicks, clickThroughRate }) => [
          uniqueClicks,
          totalClicks,
          clickThroughRate,
        ]),
      ).toEqual([
        [10, 20, 100],
        [10, 20, 100],
      ]);
    } finally {
      await restarted.close();
    }
  });
});

describe('checkpoints while the stream is on', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ realtimeEnv: { NODE_ID: 'steady-node', TOTALS_CHECKPOINT_MS: '100' } });
  });
  afterAll(() => stack.close());

  it("reports the node's running totals on a cadence, so a crash cannot lose more than one interval", async () => {
    const session = await createSession(stack.db.prisma);
    const viewer = await stack.connect({ guestId: '7c0e3c1a-0000-4000-8000-00000000000a' });
    await viewer.emitWithAck('join-session', session.id);
    await react(viewer, session.id, ['clap', 'clap']);
    await waitFor(
      async () => {
        const row = await stack.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
        return (row.reactionCounts as Record<string, number>).clap === 2;
      },
      { what: 'a checkpoint with both reactions' },
    );
    await react(viewer, session.id, ['clap']);
    await waitFor(
      async () => {
        const node = await stack.db.prisma.sessionNodeTotals.findUnique({
          where: { sessionId_nodeId: { sessionId: session.id, nodeId: 'steady-node' } },
        });
        return (node?.reactionCounts as Record<string, number> | undefined)?.clap === 3;
      },
      { what: 'the next checkpoint, replacing the first' },
    );
    expect((await stack.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } })).reactionCounts).toEqual({
      clap: 3,
    });
  });
});
