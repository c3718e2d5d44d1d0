import { randomUUID } from 'node:crypto';
import { type SessionStatus, showcaseResultSchema } from '@showfloor/contracts';
import { createSession } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadField } from './support/expect-bad-field.ts';
import { type ListeningRealtime, nextEvent, startApiWithRealtime } from './support/listening-realtime.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import type { TestApi } from './support/test-api.ts';

type Caller = 'anonymous' | 'another creator' | 'owner' | 'admin';

describe('POST /api/sessions/:sessionId/showcase', () => {
  let realtime: ListeningRealtime;
  let api: TestApi;
  let owner: SignedInUser;
  let otherCreator: SignedInUser;
  let admin: SignedInUser;

  beforeAll(async () => {
    // Joining a room makes the realtime service ask the API for the session, so the API listens.
    ({ api, realtime } = await startApiWithRealtime());
    [owner, otherCreator, admin] = await Promise.all([
      signedInUser(api, 'creator'),
      signedInUser(api, 'creator'),
      signedInUser(api, 'admin'),
    ]);
  });
  afterAll(async () => {
    await api?.close();
    await realtime?.close();
  });

  const headersOf = (caller: Caller): Record<string, string> =>
    ({ anonymous: {}, 'another creator': otherCreator.headers, owner: owner.headers, admin: admin.headers })[caller];

  const showcase = (sessionId: string, payload: unknown, headers: Record<string, string> = owner.headers) =>
    api.app.inject({ method: 'POST', url: `/api/sessions/${sessionId}/showcase`, headers, payload: payload as object });

  /** A session of the owner in `status`, carrying two of their products (mouse, keyboard). */
  async function sessionInStatus(status: SessionStatus = 'live') {
    const session = await createSession(api.db.prisma, { creatorId: owner.id, status });
    const mouse = await api.db.prisma.product.create({
      data: {
        sellerId: owner.id,
        name: 'Gaming Mouse',
        description: 'High precision gaming mouse',
        price: '59.99',
        imageUrl: 'https://cdn.example.test/mouse.png',
      },
    });
    const keyboard = await api.db.prisma.product.create({
      data: { sellerId: owner.id, name: 'Gaming Keyboard', price: '129.99' },
    });
    await api.db.prisma.sessionProduct.createMany({
      data: [
        { sessionId: session.id, productId: mouse.id, displayOrder: 0 },
        { sessionId: session.id, productId: keyboard.id, displayOrder: 1 },
      ],
    });
    return { session, mouse, keyboard };
  }

  const activeProductOf = async (sessionId: string) =>
    (await api.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).activeProductId;

  const mouseSummary = (id: string) => ({
    id,
    name: 'Gaming Mouse',
    description: 'High precision gaming mouse',
    price: 59.99,
    imageUrl: 'https://cdn.example.test/mouse.png',
  });

  it('showcases a product of a live session and tells everyone in the room', async () => {
    const { session, mouse } = await sessionInStatus('live');
    const viewer = await realtime.viewerIn(session.id);
    const showcased = nextEvent(viewer, 'product-showcased');

    const response = await showcase(session.id, { productId: mouse.id });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ success: true, message: 'Product showcased successfully' });
    expect(showcaseResultSchema.parse(response.json().data)).toEqual({
      sessionId: session.id,
      activeProductId: mouse.id,
      product: mouseSummary(mouse.id),
    });
    expect(typeof response.json().data.product.price).toBe('number');
    expect(await activeProductOf(session.id)).toBe(mouse.id);

    expect(await showcased).toEqual({ sessionId: session.id, productId: mouse.id, product: mouseSummary(mouse.id) });
  });

  it('switches to another product, and a product without description or image shows nulls', async () => {
    const { session, mouse, keyboard } = await sessionInStatus('paused');
    await api.db.prisma.session.update({ where: { id: session.id }, data: { activeProductId: mouse.id } });
    const viewer = await realtime.viewerIn(session.id);
    const showcased = nextEvent(viewer, 'product-showcased');

    const response = await showcase(session.id, { productId: keyboard.id });
    expect(response.statusCode).toBe(200);
    const expectedProduct = {
      id: keyboard.id,
      name: 'Gaming Keyboard',
      description: null,
      price: 129.99,
      imageUrl: null,
    };
    expect(response.json().data.product).toEqual(expectedProduct);
    expect(await activeProductOf(session.id)).toBe(keyboard.id);
    expect(await showcased).toEqual({ sessionId: session.id, productId: keyboard.id, product: expectedProduct });
  });

  it('clears the showcase with productId null and tells the room', async () => {
    const { session, mouse } = await sessionInStatus('live');
    await api.db.prisma.session.update({ where: { id: session.id }, data: { activeProductId: mouse.id } });
    const viewer = await realtime.viewerIn(session.id);
    const cleared = nextEvent(viewer, 'showcase-cleared');

    const response = await showcase(session.id, { productId: null });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      success: true,
      message: 'Showcase cleared',
      data: { sessionId: session.id, activeProductId: null, product: null },
    });
    expect(await activeProductOf(session.id)).toBeNull();
    expect(await cleared).toEqual({ sessionId: session.id });
  });

  it('reaches only the session’s own room', async () => {
    const { session, mouse } = await sessionInStatus('live');
    const { session: otherSession } = await sessionInStatus('live');
    const bystander = await realtime.viewerIn(otherSession.id);
    const watcher = await realtime.viewerIn(session.id);
    let strayEvents = 0;
    bystander.on('product-showcased', () => strayEvents++);
    const showcased = nextEvent(watcher, 'product-showcased');

    expect((await showcase(session.id, { productId: mouse.id })).statusCode).toBe(200);
    await showcased;
    // Both sockets hang off the same server, so the bystander's copy would have arrived by now.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(strayEvents).toBe(0);
  });

  it.each(['scheduled', 'ended'] as const)(
    'refuses while the session is %s (409), changing nothing',
    async (status) => {
      // Nobody can join an ended stream, so the viewer joins while it is live.
      const { session, mouse } = await sessionInStatus('live');
      const viewer = await realtime.viewerIn(session.id);
      await api.db.prisma.session.update({ where: { id: session.id }, data: { status } });
      const events: string[] = [];
      viewer.onAny((event: string) => events.push(event));

      const response = await showcase(session.id, { productId: mouse.id });
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('conflict');
      expect(response.json().error.message).toContain(status);
      expect((await showcase(session.id, { productId: null })).statusCode).toBe(409);
      expect(await activeProductOf(session.id)).toBeNull();

      // A refused showcase broadcasts nothing: the next event the room sees is the one after it.
      await api.db.prisma.session.update({ where: { id: session.id }, data: { status: 'live' } });
      const showcased = nextEvent<{ productId: string }>(viewer, 'product-showcased');
      expect((await showcase(session.id, { productId: mouse.id })).statusCode).toBe(200);
      expect((await showcased).productId).toBe(mouse.id);
      expect(events.filter((event) => event === 'product-showcased' || event === 'showcase-cleared')).toEqual([
        'product-showcased',
      ]);
    },
  );

  it('refuses a product that is not in the session’s list (400 naming productId)', async () => {
    const { session, mouse } = await sessionInStatus('live');
    await api.db.prisma.session.update({ where: { id: session.id }, data: { activeProductId: mouse.id } });
    const unlinked = await api.db.prisma.product.create({
      data: { sellerId: owner.id, name: 'Not in this session', price: '5.00' },
    });

    expectBadField(await showcase(session.id, { productId: unlinked.id }), 'productId');
    expectBadField(await showcase(session.id, { productId: randomUUID() }), 'productId');
    expect(await activeProductOf(session.id)).toBe(mouse.id);
  });

  it.each([
    ['a missing productId (null must be explicit)', {}, 'productId'],
    ['a productId that is not a uuid', { productId: 'mouse' }, 'productId'],
    ['an unknown field', { productId: null, sessionId: randomUUID() }, 'sessionId'],
  ])('refuses %s', async (_name, payload, field) => {
    const { session } = await sessionInStatus('live');
    expectBadField(await showcase(session.id, payload), field);
  });

  it('answers 404 for an unknown session and 400 for an id that is not a uuid', async () => {
    const unknown = await showcase(randomUUID(), { productId: null });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    expectBadField(await showcase('not-a-uuid', { productId: null }), 'sessionId');
  });

  describe('authorization matrix', () => {
    const cells: { caller: Caller; status: number }[] = [
      { caller: 'anonymous', status: 401 },
      { caller: 'another creator', status: 403 },
      { caller: 'owner', status: 200 },
      { caller: 'admin', status: 200 },
    ];

    it.each(cells)('showcasing as $caller → $status', async ({ caller, status }) => {
      const { session, mouse, keyboard } = await sessionInStatus('live');
      await api.db.prisma.session.update({ where: { id: session.id }, data: { activeProductId: mouse.id } });

      const response = await showcase(session.id, { productId: keyboard.id }, headersOf(caller));
      expect(response.statusCode, response.body).toBe(status);
      expect(await activeProductOf(session.id)).toBe(status === 200 ? keyboard.id : mouse.id);
    });

    it.each(cells)('clearing as $caller → $status', async ({ caller, status }) => {
      const { session, mouse } = await sessionInStatus('live');
      await api.db.prisma.session.update({ where: { id: session.id }, data: { activeProductId: mouse.id } });

      const response = await showcase(session.id, { productId: null }, headersOf(caller));
      expect(response.statusCode, response.body).toBe(status);
      expect(await activeProductOf(session.id)).toBe(status === 200 ? null : mouse.id);
    });
  });
});
