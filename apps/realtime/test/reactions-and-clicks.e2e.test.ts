import {
  newReactionEventSchema,
  productClickStatsEventSchema,
  reactionStatsEventSchema,
  trendingProductsEventSchema,
} from '@showfloor/contracts';
import { createSession, createUser, waitFor } from '@showfloor/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, fetchJson, startStack, type TestStack } from './support/test-stack.ts';

describe('reactions', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ realtimeEnv: { REACTIONS_PER_SECOND: '1000', COUNT_BROADCAST_MS: '100' } });
  });
  afterAll(() => stack.close());

  it('a burst of 1,000 reactions yields far fewer reaction-stats, the last one exact, and animations', async () => {
    const session = await createSession(stack.db.prisma);
    const watcher = await stack.connect();
    await watcher.emitWithAck('join-session', session.id);
    const stats = collect<unknown>(watcher, 'reaction-stats');
    const animations = collect<unknown>(watcher, 'new-reaction');
    const senders = await Promise.all(Array.from({ length: 4 }, () => stack.connect()));
    for (const sender of senders) await sender.emitWithAck('join-session', session.id);

    const acks = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) =>
        senders[i % senders.length]?.emitWithAck('send-reaction', {
          sessionId: session.id,
          type: i % 4 === 0 ? 'fire' : 'heart',
        }),
      ),
    );
    expect(acks.every((ack) => ack?.ok)).toBe(true);
    await waitFor(() => (stats.at(-1) as { total?: number } | undefined)?.total === 1_000, {
      what: 'the final reaction-stats',
    });
    const last = reactionStatsEventSchema.parse(stats.at(-1));
    expect(last).toEqual({ sessionId: session.id, counts: { fire: 250, heart: 750 }, total: 1_000 });
    expect(stats.length).toBeLessThan(50);
    expect(animations.length).toBeGreaterThan(0);
    newReactionEventSchema.parse(animations[0]);
  });

  it('refuses reactions while the stream is not live, and malformed types', async () => {
    const session = await createSession(stack.db.prisma, { status: 'scheduled', startedAt: null });
    const socket = await stack.connect();
    await socket.emitWithAck('join-session', session.id);
    expect(await socket.emitWithAck('send-reaction', { sessionId: session.id, type: 'like' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    const live = await createSession(stack.db.prisma);
    await socket.emitWithAck('join-session', live.id);
    for (const type of ['LIKE', 'x'.repeat(33), '', 42, 'a b']) {
      const ack = await socket.emitWithAck('send-reaction', { sessionId: live.id, type });
      expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed', details: [{ field: 'type' }] } });
    }
  });
});

describe('reaction types', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ realtimeEnv: { REACTIONS_PER_SECOND: '1000', COUNT_BROADCAST_MS: '20' } });
  });
  afterAll(() => stack.close());

  it('accepts only the configured set, so new types can never grow the counters', async () => {
    const session = await createSession(stack.db.prisma);
    const socket = await stack.connect();
    await socket.emitWithAck('join-session', session.id);
    const stats = collect<{ counts: Record<string, number>; total: number }>(socket, 'reaction-stats');
    const invented = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        socket.emitWithAck('send-reaction', { sessionId: session.id, type: `made-up-${i}` }),
      ),
    );
    for (const ack of invented) {
      expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed', details: [{ field: 'type' }] } });
    }
    expect(await socket.emitWithAck('send-reaction', { sessionId: session.id, type: 'fire' })).toMatchObject({
      ok: true,
    });
    await waitFor(() => stats.at(-1)?.total === 1, { what: 'reaction-stats of the one accepted reaction' });
    expect(stats.at(-1)?.counts).toEqual({ fire: 1 });
  });

  it('folds a burst into animations that carry how many of each type they stand for', async () => {
    const session = await createSession(stack.db.prisma);
    const watcher = await stack.connect();
    await watcher.emitWithAck('join-session', session.id);
    const animations = collect<{ type: string; count: number; timestamp: string }>(watcher, 'new-reaction');
    const senders = await Promise.all([1, 2, 3].map(() => stack.connect()));
    for (const sender of senders) await sender.emitWithAck('join-session', session.id);
    const types = ['heart', 'heart', 'fire', 'heart', 'like', 'fire', 'heart'];
    const acks = await Promise.all(
      types.map((type, i) => senders[i % 3]?.emitWithAck('send-reaction', { sessionId: session.id, type })),
    );
    expect(acks.every((ack) => ack?.ok)).toBe(true);
    const animated = (type: string) =>
      animations.filter((event) => event.type === type).reduce((sum, event) => sum + event.count, 0);
    await waitFor(() => animated('heart') + animated('fire') + animated('like') === 7, {
      what: 'animations for all 7 reactions',
    });
    expect({ heart: animated('heart'), fire: animated('fire'), like: animated('like') }).toEqual({
      heart: 4,
      fire: 2,
      like: 1,
    });
    for (const event of animations) newReactionEventSchema.parse(event);
  });
});

describe('per-socket reaction rate limit (10/s)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('drops the excess with rate_limited acks and counts them, without touching other sockets', async () => {
    const session = await createSession(stack.db.prisma);
    const flooder = await stack.connect();
    const calm = await stack.connect();
    await flooder.emitWithAck('join-session', session.id);
    await calm.emitWithAck('join-session', session.id);
    const acks = await Promise.all(
      Array.from({ length: 25 }, () => flooder.emitWithAck('send-reaction', { sessionId: session.id, type: 'like' })),
    );
    const refused = acks.filter((ack) => !ack.ok);
    expect(refused.length).toBeGreaterThanOrEqual(10);
    expect(refused[0]).toMatchObject({ error: { code: 'rate_limited' } });
    expect(await calm.emitWithAck('send-reaction', { sessionId: session.id, type: 'like' })).toMatchObject({
      ok: true,
    });
    const health = await fetchJson(`${stack.realtime.url}/health`);
    expect(health.reactionsRateLimited).toBe(refused.length);
    expect(health.reactionsAccepted).toBe(25 - refused.length + 1);
  });
});

describe('product clicks', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ realtimeEnv: { CLICK_BROADCAST_MS: '50' } });
  });
  afterAll(() => stack.close());

  it('counts unique clicks by viewer and total clicks; broadcasts stats with CTR and the trending top 5', async () => {
    const creator = await createUser(stack.db.prisma, { role: 'creator' });
    const products = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) =>
        stack.db.prisma.product.create({ data: { sellerId: creator.id, name: `Product ${n}`, price: '10.00' } }),
      ),
    );
    const session = await createSession(stack.db.prisma, {
      creatorId: creator.id,
      products: { create: products.map((product, displayOrder) => ({ productId: product.id, displayOrder })) },
    });
    const viewers = await Promise.all(
      ['a', 'b', 'c'].map((n) =>
        stack.connect({ guestId: `9a0e3c1a-0000-4000-8000-00000000000${n === 'a' ? 1 : n === 'b' ? 2 : 3}` }),
      ),
    );
    for (const viewer of viewers) await viewer.emitWithAck('join-session', session.id);
    const [a, b, c] = viewers as [Socket, Socket, Socket];
    const productId = (index: number) => products[index]?.id as string;
    const stats = collect<unknown>(a, 'product-click-stats');
    const trending = collect<unknown>(a, 'trending-products');
    const click = (socket: Socket, index: number) =>
      socket.emitWithAck('track-product-click', {
        sessionId: session.id,
        productId: productId(index),
        userId: 'ignored',
      });

    // Product 0: clicked by a twice and by b → 2 unique, 3 total. Product 1: c once. Products 2–5: a once each.
    for (const [socket, index] of [
      [a, 0],
      [a, 0],
      [b, 0],
      [c, 1],
      [a, 2],
      [a, 3],
      [a, 4],
      [a, 5],
    ] as const) {
      expect(await click(socket, index)).toMatchObject({ ok: true });
    }
    const totalClicksIn = (event: unknown) =>
      (event as { productStats?: { totalClicks: number }[] } | undefined)?.productStats?.reduce(
        (sum, p) => sum + p.totalClicks,
        0,
      );
    await waitFor(() => totalClicksIn(stats.at(-1)) === 8 && trending.length > 0, {
      what: 'click broadcasts of all 8 clicks',
    });
    const latest = productClickStatsEventSchema.parse(stats.at(-1));
    expect(latest.totalViewers).toBe(3);
    expect(latest.productStats[0]).toEqual({
      productId: productId(0),
      uniqueClicks: 2,
      totalClicks: 3,
      clickThroughRate: 66.7,
    });
    expect(latest.productStats).toHaveLength(6);
    const top = trendingProductsEventSchema.parse(trending.at(-1));
    expect(top.products).toHaveLength(5);
    expect(top.products[0]?.productId).toBe(productId(0));
    expect(
      top.products.slice(1).every((product) => product.uniqueClicks === 1 && product.clickThroughRate === 33.3),
    ).toBe(true);

    const outsider = await createUser(stack.db.prisma, { role: 'creator' });
    const foreign = await stack.db.prisma.product.create({
      data: { sellerId: outsider.id, name: 'Elsewhere', price: '1.00' },
    });
    expect(await a.emitWithAck('track-product-click', { sessionId: session.id, productId: foreign.id })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', details: [{ field: 'productId' }] },
    });
  });
});

// The API's "stream started" reaches this node through a push that can lag; facts cached for a
// minute would refuse every reaction until then. A refusal re-reads them first.
describe('reactions right after the stream went live', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ realtimeEnv: { SESSION_FACTS_TTL_MS: '60000' } });
  });
  afterAll(() => stack.close());

  it('are accepted once the API says live, before the room event arrives', async () => {
    const session = await createSession(stack.db.prisma, { status: 'scheduled' });
    const viewer = await stack.connect();
    await viewer.emitWithAck('join-session', session.id);
    const react = () => viewer.emitWithAck('send-reaction', { sessionId: session.id, type: 'heart' });
    expect(await react()).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Live in the database only: nothing tells the realtime node.
    await stack.db.prisma.session.update({ where: { id: session.id }, data: { status: 'live' } });
    await waitFor(async () => (await react()).ok === true, {
      timeoutMs: 5_000,
      what: 'a reaction accepted without the room event',
    });
  });
});
