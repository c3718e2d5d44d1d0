import { randomUUID } from 'node:crypto';
import { createLogger } from '@showfloor/server-kit';
import { describeWithRedis, startRedisServer, waitFor } from '@showfloor/testing';
import { expect, it } from 'vitest';
import { ClusterCounterStore } from '../src/cluster/cluster-counter-store.ts';
import { ClusterCounts } from '../src/cluster/cluster-counts.ts';
import { describeCounterStoreContract } from '../src/state/counter-store.contract.ts';
import { InMemoryCounterStore } from '../src/state/in-memory-counter-store.ts';
import { guestIdentity, userIdentity } from '../src/state/viewer-identity.ts';
import { redisClientsPerTest } from './support/redis-clients.ts';

const logger = createLogger({ name: 'cluster-test', level: 'silent' });
const connect = redisClientsPerTest();

/** A node's store over Redis: its own memory underneath, the cluster's keys under `prefix`. */
async function nodeStore(prefix: string, nodeId: string, options: { url?: string; heartbeatTtlMs?: number } = {}) {
  const counts = new ClusterCounts(await connect(options.url), prefix, nodeId, options.heartbeatTtlMs ?? 10_000);
  const store = new ClusterCounterStore(new InMemoryCounterStore(), counts, logger);
  await store.heartbeat();
  return store;
}

const at = (seconds: number) => Date.UTC(2026, 11, 4, 12, 0, seconds);
const newPrefix = () => `test:${randomUUID()}:`;

await describeWithRedis('the cluster counter store over a real Redis', () => {
  describeCounterStoreContract('ClusterCounterStore, one node', {
    create: () => nodeStore(newPrefix(), 'node-a'),
  });

  async function threeNodes(options: { heartbeatTtlMs?: number } = {}) {
    const prefix = newPrefix();
    const sessionId = randomUUID();
    const creatorId = randomUUID();
    const nodes = await Promise.all(['node-a', 'node-b', 'node-c'].map((id) => nodeStore(prefix, id, options)));
    for (const [index, node] of nodes.entries()) {
      await node.start({ sessionId, creatorId, checkpoints: [], nodeId: `node-${'abc'[index]}`, audiences: [] });
    }
    return { nodes, sessionId, creatorId, prefix };
  }

  it('counts viewers spread over three nodes once each, a user with a tab on two nodes once', async () => {
    const { nodes, sessionId } = await threeNodes();
    const [a, b, c] = nodes as [ClusterCounterStore, ClusterCounterStore, ClusterCounterStore];
    const user = randomUUID();
    await a.join(sessionId, guestIdentity('g1'), 's1', at(0));
    await b.join(sessionId, guestIdentity('g2'), 's2', at(0));
    await a.join(sessionId, userIdentity(user, 'user'), 's3', at(1));
    const secondTab = await c.join(sessionId, userIdentity(user, 'user'), 's4', at(2));
    expect(secondTab?.viewerCount).toBe(3);
    for (const node of nodes) expect(await node.watchingNow([sessionId])).toEqual(new Map([[sessionId, 3]]));

    // The user closes the tab on node A; their tab on node C still counts.
    await a.leave(sessionId, `user:${user}`, 's3', at(3));
    expect(await b.watchingNow([sessionId])).toEqual(new Map([[sessionId, 3]]));
    await c.leave(sessionId, `user:${user}`, 's4', at(4));
    expect(await b.watchingNow([sessionId])).toEqual(new Map([[sessionId, 2]]));

    const live = await c.liveCounts(sessionId, at(10));
    expect(live).toMatchObject({ viewerCount: 2, peakViewers: 3, totalViewers: 3 });
    expect(live?.viewers.map((viewer) => [viewer.viewerKey, viewer.watchDuration]).sort()).toEqual([
      ['guest:g1', 10],
      ['guest:g2', 10],
    ]);
    // The peak and distinct viewers each node reports are the cluster's; its reactions its own.
    expect(await a.reportedCounts(sessionId)).toMatchObject({ peakViewers: 3, totalViewers: 3 });
  });

  it('answers live reads for the cluster from a node that does not track the session', async () => {
    const { nodes, sessionId, prefix } = await threeNodes();
    const [a] = nodes as [ClusterCounterStore];
    await a.join(sessionId, guestIdentity('g1'), 's1', at(0));
    await a.addReaction(sessionId, 'fire');
    const bystander = await nodeStore(prefix, 'node-d');
    expect(await bystander.isTracked(sessionId)).toBe(false);
    expect(await bystander.liveCounts(sessionId, at(30))).toMatchObject({
      viewerCount: 1,
      peakViewers: 1,
      totalViewers: 1,
      reactions: { counts: { fire: 1 }, total: 1 },
      viewers: [expect.objectContaining({ viewerKey: 'guest:g1', watchDuration: 30 })],
    });
    expect(await bystander.watchingNow([sessionId])).toEqual(new Map([[sessionId, 1]]));
  });

  it('adds up reactions and clicks from every node, unique clickers by identity across nodes', async () => {
    const { nodes, sessionId } = await threeNodes();
    const [a, b, c] = nodes as [ClusterCounterStore, ClusterCounterStore, ClusterCounterStore];
    const product = randomUUID();
    for (const guest of ['g1', 'g2', 'g3', 'g4']) await a.join(sessionId, guestIdentity(guest), guest, at(0));
    await a.addReaction(sessionId, 'heart');
    await b.addReaction(sessionId, 'heart');
    await c.addReaction(sessionId, 'fire');
    for (const node of nodes) {
      expect(await node.reactionStats(sessionId)).toEqual({ counts: { heart: 2, fire: 1 }, total: 3 });
    }
    expect(await b.reportedCounts(sessionId)).toMatchObject({ reactionCounts: { heart: 1 } });

    expect(await a.addClick(sessionId, product, 'guest:g1')).toMatchObject({ firstClick: true });
    // The same viewer clicks again through another node: not a first click anywhere.
    expect(await b.addClick(sessionId, product, 'guest:g1')).toMatchObject({
      firstClick: false,
      stats: { uniqueClicks: 1, totalClicks: 2 },
    });
    expect(await c.addClick(sessionId, product, 'guest:g2')).toMatchObject({
      firstClick: true,
      stats: { uniqueClicks: 2, totalClicks: 3, clickThroughRate: 50 },
    });
    for (const node of nodes) {
      expect(await node.clickStats(sessionId)).toEqual({
        productStats: [{ productId: product, uniqueClicks: 2, totalClicks: 3, clickThroughRate: 50 }],
        totalViewers: 4,
      });
    }
  });

  it('takes a node whose heartbeat lapsed out of the counts, and counts its viewers again once it beats', async () => {
    const { nodes, sessionId } = await threeNodes({ heartbeatTtlMs: 300 });
    const [a, b] = nodes as [ClusterCounterStore, ClusterCounterStore, ClusterCounterStore];
    await a.join(sessionId, guestIdentity('g1'), 's1', at(0));
    await b.join(sessionId, guestIdentity('g2'), 's2', at(0));
    await b.join(sessionId, guestIdentity('g1'), 's3', at(0));
    // A and C keep beating; B falls silent (a crash, as the other nodes see it).
    await waitFor(
      async () => {
        await a.heartbeat();
        return (await a.watchingNow([sessionId])).get(sessionId) === 1;
      },
      { timeoutMs: 5_000, what: "node B's viewers leaving the count" },
    );
    expect((await a.liveCounts(sessionId, at(5)))?.viewers.map((viewer) => viewer.viewerKey)).toEqual(['guest:g1']);
    // B was alive after all: its next heartbeat writes its viewers back, each counted once.
    await b.heartbeat();
    expect(await a.watchingNow([sessionId])).toEqual(new Map([[sessionId, 2]]));
    expect((await a.liveCounts(sessionId, at(6)))?.peakViewers).toBe(2);
  });

  it('forgets what a crashed run counted when a node restarts under the same id before its heartbeat lapsed', async () => {
    const { nodes, sessionId, creatorId, prefix } = await threeNodes();
    const [a, b] = nodes as [ClusterCounterStore, ClusterCounterStore];
    await a.join(sessionId, guestIdentity('g1'), 's1', at(0));
    await b.join(sessionId, guestIdentity('g2'), 's2', at(0));
    // Node A crashes and comes straight back with empty memory: its first heartbeat clears g1.
    const restarted = await nodeStore(prefix, 'node-a');
    expect(await b.watchingNow([sessionId])).toEqual(new Map([[sessionId, 1]]));
    await restarted.start({ sessionId, creatorId, checkpoints: [], nodeId: 'node-a', audiences: [] });
    await restarted.join(sessionId, guestIdentity('g1'), 's3', at(5));
    expect(await b.watchingNow([sessionId])).toEqual(new Map([[sessionId, 2]]));
  });

  it('keeps counting on its own while Redis is down, and writes back what it counted when Redis returns', async () => {
    const redis = await startRedisServer();
    try {
      const prefix = newPrefix();
      const sessionId = randomUUID();
      const start = { sessionId, creatorId: randomUUID(), checkpoints: [], audiences: [] };
      const a = await nodeStore(prefix, 'node-a', { url: redis.url });
      const b = await nodeStore(prefix, 'node-b', { url: redis.url });
      await a.start({ ...start, nodeId: 'node-a' });
      await b.start({ ...start, nodeId: 'node-b' });
      await a.join(sessionId, guestIdentity('g1'), 's1', at(0));
      await b.addReaction(sessionId, 'like');

      await redis.stop();
      // Node A serves its own counts: its viewer, its reaction; the cluster's are out of reach.
      await a.addReaction(sessionId, 'like');
      await a.join(sessionId, guestIdentity('g2'), 's2', at(1));
      await a.heartbeat();
      expect(a.redisState).toBe('down');
      expect(await a.watchingNow([sessionId])).toEqual(new Map([[sessionId, 2]]));
      expect(await a.reactionStats(sessionId)).toEqual({ counts: { like: 1 }, total: 1 });

      // Redis comes back empty (no persistence): each node's heartbeat writes its state back.
      await redis.restart();
      await waitFor(
        async () => {
          await a.heartbeat();
          await b.heartbeat();
          return a.redisState === 'up' && b.redisState === 'up';
        },
        { timeoutMs: 10_000, what: 'both nodes reaching Redis again' },
      );
      for (const node of [a, b]) {
        expect(await node.watchingNow([sessionId])).toEqual(new Map([[sessionId, 2]]));
        expect(await node.reactionStats(sessionId)).toEqual({ counts: { like: 2 }, total: 2 });
      }
      // Writing back again changes nothing: nothing is counted twice.
      await a.heartbeat();
      expect(await b.reactionStats(sessionId)).toEqual({ counts: { like: 2 }, total: 2 });
    } finally {
      await redis.stop();
    }
  });
});
