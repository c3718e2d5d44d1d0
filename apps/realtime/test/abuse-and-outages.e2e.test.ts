import { randomUUID } from 'node:crypto';
import { createSession, waitFor } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, liveSessionWithProducts, startStack, type TestStack } from './support/test-stack.ts';

const isFactsRead = (sessionId?: string) => (path: string) =>
  path.startsWith('/internal/sessions/') && path.endsWith('/facts') && (!sessionId || path.includes(sessionId));

describe('sockets cannot make the node track and poll without end', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      throughProxy: true,
      realtimeEnv: { SESSION_FACTS_TTL_MS: '50', JOINS_PER_SECOND: '1000', MAX_SESSIONS_PER_SOCKET: '100' },
    });
  });
  afterAll(() => stack.close());

  it('releases scheduled sessions everyone left, so they are neither tracked nor polled', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 30 }, () => createSession(stack.db.prisma, { status: 'scheduled', startedAt: null })),
    );
    const socket = await stack.connect();
    for (const session of sessions) {
      expect(await socket.emitWithAck('join-session', session.id)).toMatchObject({ ok: true });
      expect(await socket.emitWithAck('leave-session', session.id)).toMatchObject({ ok: true });
    }
    expect((await fetchJson(`${stack.realtime.url}/health`)).liveSessions).toBe(0);
    const polledBefore = stack.proxy?.count(isFactsRead()) ?? 0;
    // Well over the watcher's cadence (SESSION_FACTS_TTL_MS = 50): nothing left to poll.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack.proxy?.count(isFactsRead())).toBe(polledBefore);
  });

  it('keeps a live session tracked when its last viewer leaves: its counts belong to the stream', async () => {
    const session = await createSession(stack.db.prisma);
    const socket = await stack.connect();
    await socket.emitWithAck('join-session', session.id);
    await socket.emitWithAck('send-reaction', { sessionId: session.id, type: 'like' });
    await socket.emitWithAck('leave-session', session.id);
    expect((await fetchJson(`${stack.realtime.url}/health`)).liveSessions).toBe(1);
  });

  it('asks the API once about an id it said does not exist', async () => {
    const unknown = randomUUID();
    const sockets = await Promise.all([1, 2, 3].map(() => stack.connect()));
    for (let i = 0; i < 20; i++) {
      const ack = await sockets[i % 3]?.emitWithAck('join-session', unknown);
      expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    expect(stack.proxy?.count(isFactsRead(unknown))).toBe(1);
  });
});

describe('per-socket limits on joins, rooms and clicks', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ realtimeEnv: { JOINS_PER_SECOND: '5', MAX_SESSIONS_PER_SOCKET: '3' } });
  });
  afterAll(() => stack.close());

  it('refuses a flood of join-session with rate_limited, counted in /health', async () => {
    const socket = await stack.connect();
    const acks = await Promise.all(Array.from({ length: 40 }, () => socket.emitWithAck('join-session', randomUUID())));
    const limited = acks.filter((ack) => !ack.ok && ack.error.code === 'rate_limited');
    expect(limited.length).toBeGreaterThanOrEqual(30);
    expect((await fetchJson(`${stack.realtime.url}/health`)).joinsRateLimited).toBe(limited.length);
  });

  it('keeps one connection in a bounded number of sessions', async () => {
    const sessions = await Promise.all([1, 2, 3, 4].map(() => createSession(stack.db.prisma)));
    const socket = await stack.connect();
    for (const session of sessions.slice(0, 3)) {
      expect(await socket.emitWithAck('join-session', session.id)).toMatchObject({ ok: true });
    }
    expect(await socket.emitWithAck('join-session', sessions[3]?.id)).toMatchObject({
      ok: false,
      error: { code: 'conflict', details: [{ field: 'sessionId' }] },
    });
    await socket.emitWithAck('leave-session', sessions[0]?.id);
    expect(await socket.emitWithAck('join-session', sessions[3]?.id)).toMatchObject({ ok: true });
  });

  it('rate-limits product clicks like reactions, without touching other sockets', async () => {
    const { session, products } = await liveSessionWithProducts(stack);
    const productId = products[0]?.id;
    const flooder = await stack.connect();
    const calm = await stack.connect();
    await flooder.emitWithAck('join-session', session.id);
    await calm.emitWithAck('join-session', session.id);
    const acks = await Promise.all(
      Array.from({ length: 30 }, () =>
        flooder.emitWithAck('track-product-click', { sessionId: session.id, productId }),
      ),
    );
    const limited = acks.filter((ack) => !ack.ok && ack.error.code === 'rate_limited');
    expect(limited.length).toBeGreaterThanOrEqual(15);
    expect(await calm.emitWithAck('track-product-click', { sessionId: session.id, productId })).toMatchObject({
      ok: true,
    });
    expect((await fetchJson(`${stack.realtime.url}/health`)).clicksRateLimited).toBe(limited.length);
  });
});

describe('a hung API holds no socket ack', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      throughProxy: true,
      realtimeEnv: {
        SESSION_FACTS_TTL_MS: '100',
        API_TIMEOUT_MS: '5000',
        SESSION_FACTS_TIMEOUT_MS: '1000',
        REACTIONS_PER_SECOND: '100',
      },
    });
  });
  afterAll(() => stack.close());

  it('answers events of known sessions at once on stale facts, and refuses new ones fast', async () => {
    const session = await createSession(stack.db.prisma);
    const viewer = await stack.connect();
    await viewer.emitWithAck('join-session', session.id);
    stack.proxy?.freeze();
    // Past the facts' lifetime, so every event below finds them stale.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const slowest = { ms: 0 };
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      const ack = await viewer.emitWithAck('send-reaction', { sessionId: session.id, type: 'fire' });
      slowest.ms = Math.max(slowest.ms, performance.now() - started);
      expect(ack).toMatchObject({ ok: true });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The API would have held each of them for the whole timeout (5 s).
    expect(slowest.ms).toBeLessThan(1_000);

    // A session never seen before must wait for its first read: once, bounded by the facts timeout;
    // while the API keeps failing, the next ones are refused without waiting.
    const [newcomer, another] = await Promise.all([createSession(stack.db.prisma), createSession(stack.db.prisma)]);
    const first = await viewer.emitWithAck('join-session', newcomer.id);
    expect(first).toMatchObject({ ok: false, error: { code: 'service_unavailable' } });
    const started = performance.now();
    const second = await viewer.emitWithAck('join-session', another.id);
    expect(second).toMatchObject({ ok: false, error: { code: 'service_unavailable' } });
    expect(performance.now() - started).toBeLessThan(500);

    stack.proxy?.thaw();
    await waitFor(async () => (await viewer.emitWithAck('join-session', newcomer.id)).ok || undefined, {
      what: 'joins working again once the API answers',
      timeoutMs: 10_000,
      intervalMs: 100,
    });
  });
});
