import { createSession, createUser, waitFor } from '@showfloor/testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startStack, type TestStack, tokenFor } from './support/test-stack.ts';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisAnswers(): Promise<boolean> {
  const client = createClient({ url: redisUrl, socket: { connectTimeout: 500, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    await client.quit();
    return true;
  } catch {
    return false;
  }
}

const redisUp = await redisAnswers();

// Under CI a missing Redis is a broken setup (.ci/run starts one), not a reason to skip: this fails.
describe.runIf(process.env.CI === 'true')('Redis for the multi-node test under CI', () => {
  it(`answers at ${redisUrl}`, () => {
    expect(redisUp, `no Redis answered at ${redisUrl}; .ci/run starts one, TEST_REDIS_URL points elsewhere`).toBe(true);
  });
});

// Two realtime nodes sharing rooms through a real Redis, each with its own API client.
describe.runIf(redisUp)('two realtime nodes over Redis', () => {
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
