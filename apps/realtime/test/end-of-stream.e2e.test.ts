import { createUser, ManualClock, waitFor } from '@showfloor/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collect,
  endStream,
  fetchJson,
  liveSessionWithProducts,
  startStack,
  type TestStack,
  tokenFor,
} from './support/test-stack.ts';

const start = Date.UTC(2026, 10, 23, 10, 0);

describe('end of stream', () => {
  let stack: TestStack;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(start - 1);
    stack = await startStack({ clock });
  });
  afterAll(() => stack.close());

  it('flushes the partial minute, totals and every open view, announces stream-ended once, and frees the session', async () => {
    const { creator, products, session } = await liveSessionWithProducts(stack);
    const publisher = await stack.connect({ token: tokenFor(creator.id, 'creator') });
    await publisher.emitWithAck('join-session', session.id);
    const viewerA = await stack.connect({ guestId: '5e0e3c1a-0000-4000-8000-00000000000a' });
    const viewerB = await stack.connect({ token: tokenFor((await createUser(stack.db.prisma)).id) });
    for (const viewer of [viewerA, viewerB]) await viewer.emitWithAck('join-session', session.id);
    const ended = collect<unknown>(viewerA, 'stream-ended');

    for (const type of ['heart', 'heart', 'heart', 'fire'])
      await viewerA.emitWithAck('send-reaction', { sessionId: session.id, type });
    await viewerB.emitWithAck('send-reaction', { sessionId: session.id, type: 'heart' });
    await viewerA.emitWithAck('track-product-click', { sessionId: session.id, productId: products[0]?.id });
    await viewerB.emitWithAck('track-product-click', { sessionId: session.id, productId: products[0]?.id });
    await viewerB.emitWithAck('track-product-click', { sessionId: session.id, productId: products[0]?.id });
    await viewerB.emitWithAck('track-product-click', { sessionId: session.id, productId: products[1]?.id });
    await clock.advance(1 + 3 * 5_000); // samples at 10:00:00, :05, :10 and :15, two viewers each

    const response = await endStream(stack, creator.id, session.id);
    expect(response.status).toBe(200);
    await waitFor(() => ended.length === 1, { what: 'stream-ended' });
    expect(ended[0]).toMatchObject({ sessionId: session.id, status: 'ended' });
    await clock.advance(1_000); // lets the batched view records go

    const stored = await waitFor(
      async () => {
        const row = await stack.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
        return row.totalViewers !== null ? row : undefined;
      },
      { what: 'the totals' },
    );
    expect(stored).toMatchObject({
      status: 'ended',
      reactionCounts: { heart: 4, fire: 1 },
      peakViewers: 2,
      totalViewers: 2,
    });
    const clicks = await stack.db.prisma.productClickStat.findMany({ where: { sessionId: session.id } });
    expect(
      clicks
        .map(({ productId, uniqueClicks, totalClicks, clickThroughRate }) => ({
          productId,
          uniqueClicks,
          totalClicks,
          clickThroughRate,
        }))
        .sort((a, b) => b.totalClicks - a.totalClicks),
    ).toEqual([
      { productId: products[0]?.id, uniqueClicks: 2, totalClicks: 3, clickThroughRate: 100 },
      { productId: products[1]?.id, uniqueClicks: 1, totalClicks: 1, clickThroughRate: 50 },
    ]);
    const snapshot = await waitFor(
      () =>
        stack.db.prisma.viewerSnapshot.findFirst({ where: { sessionId: session.id } }).then((row) => row ?? undefined),
      { what: 'the partial minute' },
    );
    expect(snapshot).toMatchObject({ sampleCount: 4, peakViewers: 2, minViewers: 2, minute: new Date(start) });
    await waitFor(
      async () => (await stack.db.prisma.sessionView.count({ where: { sessionId: session.id, leftAt: null } })) === 0,
      {
        what: 'every view closed',
      },
    );
    expect(await stack.db.prisma.sessionView.count({ where: { sessionId: session.id } })).toBe(3);

    // Memory freed: live reads say not live, and the session refuses new joins.
    expect(await viewerA.emitWithAck('send-reaction', { sessionId: session.id, type: 'heart' })).toMatchObject({
      ok: false,
    });
    expect(await (await stack.connect()).emitWithAck('join-session', session.id)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect((await fetchJson(`${stack.realtime.url}/health`)).liveSessions).toBe(0);
  });
});

describe('never lose what was counted: the API goes away mid-stream', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ realtimeEnv: { SESSION_FACTS_TTL_MS: '50' } });
  });
  afterAll(() => stack.close());

  it('keeps counting while the API is down and persists exactly the sent counts after it is back', async () => {
    const { creator, products, session } = await liveSessionWithProducts(stack);
    const viewer = await stack.connect({ guestId: '6e0e3c1a-0000-4000-8000-00000000000b' });
    await viewer.emitWithAck('join-session', session.id);
    for (let i = 0; i < 3; i++) await viewer.emitWithAck('send-reaction', { sessionId: session.id, type: 'like' });

    await stack.stopApi();
    await new Promise((resolve) => setTimeout(resolve, 120)); // the cached facts are now stale
    for (let i = 0; i < 4; i++) {
      expect(await viewer.emitWithAck('send-reaction', { sessionId: session.id, type: 'like' })).toMatchObject({
        ok: true,
      });
    }
    expect(
      await viewer.emitWithAck('track-product-click', { sessionId: session.id, productId: products[1]?.id }),
    ).toMatchObject({ ok: true });

    await stack.restartApi();
    const response = await endStream(stack, creator.id, session.id);
    expect(response.status).toBe(200);
    const stored = await waitFor(
      async () => {
        const row = await stack.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
        return row.totalViewers !== null ? row : undefined;
      },
      { what: 'the totals' },
    );
    expect(stored.reactionCounts).toEqual({ like: 7 });
    const clicks = await stack.db.prisma.productClickStat.findMany({ where: { sessionId: session.id } });
    expect(clicks).toHaveLength(1);
    expect(clicks[0]).toMatchObject({ productId: products[1]?.id, uniqueClicks: 1, totalClicks: 1 });
    // Delivered once: a second look after the retry window shows the same figures.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await stack.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } })).reactionCounts).toEqual({
      like: 7,
    });
  });
});

describe('end-stream answers once the figures are final', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // A checkpoint lands early, so the stored figures are behind by the clicks sent after it.
    stack = await startStack({
      throughProxy: true,
      realtimeEnv: { TOTALS_CHECKPOINT_MS: '100', CLICKS_PER_SECOND: '100' },
    });
  });
  afterAll(() => stack.close());

  it('the very next read has the final totals, says so, and shows no open view', async () => {
    const { creator, products, session } = await liveSessionWithProducts(stack);
    const viewers = await Promise.all(
      ['5f0e3c1a-0000-4000-8000-00000000000a', '5f0e3c1a-0000-4000-8000-00000000000b'].map((guestId) =>
        stack.connect({ guestId }),
      ),
    );
    for (const viewer of viewers) await viewer.emitWithAck('join-session', session.id);
    const clickStats = collect<{ productStats: { totalClicks: number }[] }>(
      viewers[0] as Socket,
      'product-click-stats',
    );
    const click = (index: number) =>
      viewers[index % 2]?.emitWithAck('track-product-click', { sessionId: session.id, productId: products[0]?.id });
    for (const index of [0, 1, 2]) expect(await click(index)).toMatchObject({ ok: true });
    await waitFor(
      async () => {
        const stats = await stack.db.prisma.productClickStat.findFirst({ where: { sessionId: session.id } });
        return stats?.totalClicks === 3;
      },
      { what: 'a checkpoint with the first 3 clicks' },
    );
    for (const index of [3, 4]) expect(await click(index)).toMatchObject({ ok: true });
    // What the node sends takes a while to arrive, as over a real network to a busy API.
    stack.proxy?.slowDown((path) => path === '/internal/session-totals' || path === '/internal/session-views', 300);

    const ended = await endStream(stack, creator.id, session.id);
    expect(ended.status).toBe(200);

    const stats = await fetchJson(`${stack.apiUrl}/api/sessions/${session.id}/conversion-stats`);
    expect(stats.data).toMatchObject({
      sessionStatus: 'ended',
      figuresFinal: true,
      totalViewers: 2,
      products: [{ productId: products[0]?.id, uniqueClicks: 2, totalClicks: 5, clickThroughRate: 100 }],
    });
    expect(await stack.db.prisma.sessionView.count({ where: { sessionId: session.id, leftAt: null } })).toBe(0);
    // The room heard the final click stats with the end, not only at the periodic cadence.
    await waitFor(() => clickStats.at(-1)?.productStats[0]?.totalClicks === 5, { what: 'the final click stats' });
  });
});

describe('end-stream of a stream no node has checkpointed yet', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      throughProxy: true,
      realtimeEnv: { TOTALS_CHECKPOINT_MS: '600000', CLICKS_PER_SECOND: '100' },
    });
  });
  afterAll(() => stack.close());

  it('waits for the node that tracked it: the next read has every click', async () => {
    const { creator, products, session } = await liveSessionWithProducts(stack);
    const viewer = await stack.connect({ guestId: '5f0e3c1a-0000-4000-8000-00000000000c' });
    await viewer.emitWithAck('join-session', session.id);
    for (let i = 0; i < 4; i++) {
      const ack = await viewer.emitWithAck('track-product-click', {
        sessionId: session.id,
        productId: products[1]?.id,
      });
      expect(ack).toMatchObject({ ok: true });
    }
    stack.proxy?.slowDown((path) => path === '/internal/session-totals' || path === '/internal/session-views', 300);

    const ended = await endStream(stack, creator.id, session.id);
    expect(ended.status).toBe(200);
    const stats = await fetchJson(`${stack.apiUrl}/api/sessions/${session.id}/conversion-stats`);
    expect(stats.data).toMatchObject({
      figuresFinal: true,
      totalViewers: 1,
      products: [{ productId: products[1]?.id, uniqueClicks: 1, totalClicks: 4 }],
    });
    expect(await stack.db.prisma.sessionView.count({ where: { sessionId: session.id, leftAt: null } })).toBe(0);
  });
});
