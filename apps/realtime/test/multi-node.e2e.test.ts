import { createSession, createUser, describeWithRedis, testRedisUrl as redisUrl, waitFor } from '@showfloor/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collect, startStack, type TestStack, tokenFor } from './support/test-stack.ts';

// Two realtime nodes sharing rooms through a real Redis, each with its own API client.
await describeWithRedis('two realtime nodes over Redis', () => {
  let nodeA: TestStack;
  let nodeB: TestStack;
  beforeAll(async () => {
    nodeA = await startStack({ realtimeEnv: { REDIS_URL: redisUrl, NODE_ID: 'node-a' } });
    nodeB = await startStack({ db: nodeA.db, realtimeEnv: { REDIS_URL: redisUrl, NODE_ID: 'node-b' } });
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
});
