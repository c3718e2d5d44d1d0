import { randomUUID } from 'node:crypto';
import { createSession, createUser, describeWithRedis, testRedisUrl as redisUrl, waitFor } from '@showfloor/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collect, startStack, type TestStack, tokenFor } from './support/test-stack.ts';

// Two realtime nodes sharing rooms through a real Redis, each with its own API client.
await describeWithRedis('two realtime nodes over Redis', () => {
  let nodeA: TestStack;
  let nodeB: TestStack;
  // A watch of the sessions' versions only every 5 s: a change that reaches the other node sooner
  // came through Redis's change notifications.
  const env = {
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
    COUNT_BROADCAST_MS: '5000',
    COLLECTOR_RATE_LIMIT_PER_MINUTE: '2',
  };
  beforeAll(async () => {
    nodeA = await startStack({ realtimeEnv: { ...env, NODE_ID: 'node-a' } });
    nodeB = await startStack({ db: nodeA.db, realtimeEnv: { ...env, NODE_ID: 'node-b' } });
  });
  afterAll(async () => {
    await nodeB.close({ keepDatabase: true });
    await nodeA.close();
  });

  it('delivers a chat message sent on one node to viewers connected to the other', async () => {
    const session = await createSession(nodeA.db.prisma);
    const author = await createUser(nodeA.db.prisma, { name: 'Ana' });
    const viewerOnB = await nodeB.connect();
    await viewerOnB.emitWithAck('join-session', session.id);
    const received = collect<{ message: string }>(viewerOnB, 'new-message');
    const authorOnA = await nodeA.connect({ token: tokenFor(author.id) });
    await authorOnA.emitWithAck('join-session', session.id);
    expect(
      await authorOnA.emitWithAck('send-message', { sessionId: session.id, message: 'hello other node' }),
    ).toMatchObject({ ok: true });
    await waitFor(() => received.length === 1, { what: 'the message on node B' });
    expect(received[0]?.message).toBe('hello other node');
  });

  it('shows a quiet room a reaction sent through the other node at once, not at the next watch', async () => {
    const session = await createSession(nodeA.db.prisma);
    const onA = await nodeA.connect();
    await onA.emitWithAck('join-session', session.id);
    const onB = await nodeB.connect();
    await onB.emitWithAck('join-session', session.id);
    const stats = collect<{ total: number }>(onB, 'reaction-stats');
    expect(await onA.emitWithAck('send-reaction', { sessionId: session.id, type: 'heart' })).toMatchObject({
      ok: true,
    });
    await waitFor(() => stats.at(-1)?.total === 1, { timeoutMs: 2_000, what: 'the reaction on node B within 2 s' });
  });

  it("holds the collector's per-IP budget across nodes: the third event is refused whichever node gets it", async () => {
    const send = (node: TestStack, page: string) =>
      fetch(`${node.realtime.url}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'pageview', page, session_id: 'budget-1' }),
      });
    expect((await send(nodeA, '/one')).status).toBe(200);
    expect((await send(nodeB, '/two')).status).toBe(200);
    expect((await send(nodeA, '/three')).status).toBe(429);
    expect((await send(nodeB, '/four')).status).toBe(429);
  });
});
