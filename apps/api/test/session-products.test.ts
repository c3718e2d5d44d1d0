import { randomUUID } from 'node:crypto';
import { sessionProductSchema } from '@showfloor/contracts';
import { createSession } from '@showfloor/testing';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadField } from './support/expect-bad-field.ts';
import { type ListeningRealtime, nextEvent, startApiWithRealtime } from './support/listening-realtime.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import type { TestApi } from './support/test-api.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Caller = 'anonymous' | 'another creator' | 'owner' | 'admin';
type ErrorDetail = { field: string; message: string };

describe('/api/sessions/:sessionId/products', () => {
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

  const send = (method: Method, url: string, headers: Record<string, string> = {}, payload?: unknown) =>
    api.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  const insertProduct = (sellerId: string, overrides: { name?: string; price?: string } = {}) =>
    api.db.prisma.product.create({
      data: {
        sellerId,
        name: 'Gaming mouse',
        description: 'High precision',
        price: '59.99',
        imageUrl: 'https://cdn.example.test/mouse.png',
        ...overrides,
      },
    });

  /** A session of `creatorId` carrying `count` of their products, linked in order 0, 1, 2… */
  async function sessionWithProducts(creatorId: string, count: number) {
    const session = await createSession(api.db.prisma, { creatorId });
    const products = [];
    for (let index = 0; index < count; index++) {
      const product = await insertProduct(creatorId, { name: `Product ${index}` });
      await api.db.prisma.sessionProduct.create({
        data: { sessionId: session.id, productId: product.id, displayOrder: index },
      });
      products.push(product);
    }
    return { session, products };
  }

  const linksOf = (sessionId: string) =>
    api.db.prisma.sessionProduct.findMany({ where: { sessionId }, orderBy: { productId: 'asc' } });
  const featuredIdsOf = async (sessionId: string) =>
    (await api.db.prisma.sessionProduct.findMany({ where: { sessionId, featured: true } }))
      .map((link) => link.productId)
      .sort();
  const idsIn = (response: LightMyRequestResponse) => response.json().data.map((item: { id: string }) => item.id);
  const url = (sessionId: string, path = '') => `/api/sessions/${sessionId}/products${path}`;

  describe('GET /', () => {
    it('lists the products anyone can see, in display order and then in the order they were added', async () => {
      const session = await createSession(api.db.prisma, { creatorId: owner.id });
      const [third, first, secondAddedEarlier, secondAddedLater] = await Promise.all(
        ['third', 'first', 'second (earlier)', 'second (later)'].map((name) => insertProduct(owner.id, { name })),
      );
      const link = (productId: string, displayOrder: number, addedAt: string) =>
        api.db.prisma.sessionProduct.create({
          data: { sessionId: session.id, productId, displayOrder, addedAt: new Date(addedAt) },
        });
      await link(third?.id as string, 5, '2025-01-01T00:00:00Z');
      await link(secondAddedLater?.id as string, 2, '2025-01-03T00:00:00Z');
      await link(first?.id as string, 0, '2025-01-04T00:00:00Z');
      await link(secondAddedEarlier?.id as string, 2, '2025-01-02T00:00:00Z');

      const response = await send('GET', url(session.id));
      expect(response.statusCode).toBe(200);
      expect(response.json().success).toBe(true);
      expect(response.json().data.map((item: { name: string }) => item.name)).toEqual([
        'first',
        'second (earlier)',
        'second (later)',
        'third',
      ]);
      const item = sessionProductSchema.parse(response.json().data[0]);
      expect(item).toEqual({
        id: first?.id,
        name: 'first',
        description: 'High precision',
        price: 59.99,
        imageUrl: 'https://cdn.example.test/mouse.png',
        featured: false,
        displayOrder: 0,
        addedAt: new Date('2025-01-04T00:00:00Z'),
      });
      expect(typeof response.json().data[0].price).toBe('number');
      expect(response.body).not.toMatch(/sellerId|streamKey/);
    });

    it('filters by ?featured=true and ?featured=false', async () => {
      const { session, products } = await sessionWithProducts(owner.id, 4);
      await api.db.prisma.sessionProduct.updateMany({
        where: { sessionId: session.id, productId: { in: [products[1]?.id ?? '', products[3]?.id ?? ''] } },
        data: { featured: true },
      });

      const featured = await send('GET', url(session.id, '?featured=true'));
      expect(featured.statusCode).toBe(200);
      expect(idsIn(featured)).toEqual([products[1]?.id, products[3]?.id]);
      expect(featured.json().data.every((item: { featured: boolean }) => item.featured)).toBe(true);

      const others = await send('GET', url(session.id, '?featured=false'));
      expect(idsIn(others)).toEqual([products[0]?.id, products[2]?.id]);

      expect(idsIn(await send('GET', url(session.id)))).toEqual(products.map((product) => product.id));
    });

    it('refuses a featured filter that is not true or false', async () => {
      const { session } = await sessionWithProducts(owner.id, 1);
      expectBadField(await send('GET', url(session.id, '?featured=yes')), 'featured');
    });

    it('gives an empty list for a session without products', async () => {
      const { session } = await sessionWithProducts(owner.id, 0);
      const response = await send('GET', url(session.id));
      expect(response.statusCode).toBe(200);
      expect(response.json().data).toEqual([]);
    });

    it('answers 404 for an unknown session and 400 for an id that is not a uuid', async () => {
      const unknown = await send('GET', url(randomUUID()));
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('not_found');
      expectBadField(await send('GET', url('not-a-uuid')), 'sessionId');
    });
  });

  describe('PATCH / (bulk featured)', () => {
    const repeatedId = randomUUID();
    it('features exactly the given products, unfeatures the rest and returns only the featured ones', async () => {
      const { session, products } = await sessionWithProducts(owner.id, 4);
      await api.db.prisma.sessionProduct.update({
        where: { sessionId_productId: { sessionId: session.id, productId: products[0]?.id as string } },
        data: { featured: true },
      });
      const chosen = [products[3]?.id as string, products[1]?.id as string];

      const response = await send('PATCH', url(session.id), owner.headers, { productIds: chosen });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ success: true, message: 'Featured products updated successfully' });
      // In display order, whatever order the ids were sent in.
      expect(idsIn(response)).toEqual([products[1]?.id, products[3]?.id]);
      expect(response.json().data[0]).toMatchObject({ name: 'Product 1', price: 59.99, featured: true });
      expect(await featuredIdsOf(session.id)).toEqual([...chosen].sort());
    });

    it('unfeatures everything with an empty list', async () => {
      const { session } = await sessionWithProducts(owner.id, 2);
      await api.db.prisma.sessionProduct.updateMany({ where: { sessionId: session.id }, data: { featured: true } });
      const response = await send('PATCH', url(session.id), owner.headers, { productIds: [] });
      expect(response.statusCode).toBe(200);
      expect(response.json().data).toEqual([]);
      expect(await featuredIdsOf(session.id)).toEqual([]);
    });

    it('refuses ids that are not in the session, naming them, and changes nothing', async () => {
      const { session, products } = await sessionWithProducts(owner.id, 3);
      await api.db.prisma.sessionProduct.update({
        where: { sessionId_productId: { sessionId: session.id, productId: products[2]?.id as string } },
        data: { featured: true },
      });
      const before = await linksOf(session.id);
      const elsewhere = await insertProduct(owner.id, { name: 'Not in this session' });
      const unknown = randomUUID();

      const response = await send('PATCH', url(session.id), owner.headers, {
        productIds: [products[0]?.id, elsewhere.id, unknown],
      });
      expectBadField(response, 'productIds.1');
      const { error } = response.json();
      expect(error.details.map((detail: ErrorDetail) => detail.field)).toEqual(['productIds.1', 'productIds.2']);
      expect(error.message).toContain(elsewhere.id);
      expect(error.message).toContain(unknown);
      expect(error.message).not.toContain(products[0]?.id);
      expect(await linksOf(session.id)).toEqual(before);
    });

    it.each([
      ['a missing productIds', {}, 'productIds'],
      ['a product id that is not a uuid', { productIds: ['nope'] }, 'productIds.0'],
      ['a repeated product', { productIds: [repeatedId, repeatedId] }, 'productIds'],
      ['an unknown field', { productIds: [], featured: true }, 'featured'],
    ])('refuses %s', async (_name, payload, field) => {
      const { session } = await sessionWithProducts(owner.id, 1);
      expectBadField(await send('PATCH', url(session.id), owner.headers, payload), field);
    });
  });

  describe('POST /', () => {
    it('adds one of the creator’s products after the last one by default', async () => {
      const { session } = await sessionWithProducts(owner.id, 2);
      const product = await insertProduct(owner.id, { name: 'Headset', price: '89.99' });

      const response = await send('POST', url(session.id), owner.headers, { productId: product.id });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({ success: true, message: 'Product added to session' });
      expect(sessionProductSchema.parse(response.json().data)).toMatchObject({
        id: product.id,
        name: 'Headset',
        price: 89.99,
        featured: false,
        displayOrder: 2,
      });
      const list = await send('GET', url(session.id));
      expect(idsIn(list).at(-1)).toBe(product.id);
    });

    it('starts at order 0 in an empty session and honours featured and displayOrder', async () => {
      const { session } = await sessionWithProducts(owner.id, 0);
      const [a, b] = await Promise.all([insertProduct(owner.id), insertProduct(owner.id)]);

      const first = await send('POST', url(session.id), owner.headers, { productId: a?.id });
      expect(first.json().data.displayOrder).toBe(0);

      const second = await send('POST', url(session.id), owner.headers, {
        productId: b?.id,
        featured: true,
        displayOrder: 7,
      });
      expect(second.statusCode).toBe(201);
      expect(second.json().data).toMatchObject({ featured: true, displayOrder: 7 });
      const stored = await api.db.prisma.sessionProduct.findUniqueOrThrow({
        where: { sessionId_productId: { sessionId: session.id, productId: b?.id as string } },
      });
      expect(stored).toMatchObject({ featured: true, displayOrder: 7 });
    });

    it('refuses another seller’s product, naming productId, and links nothing', async () => {
      const { session } = await sessionWithProducts(owner.id, 1);
      const theirs = await insertProduct(otherCreator.id);
      const response = await send('POST', url(session.id), owner.headers, { productId: theirs.id });
      expectBadField(response, 'productId');
      expect(await linksOf(session.id)).toHaveLength(1);
    });

    it('refuses a product that does not exist', async () => {
      const { session } = await sessionWithProducts(owner.id, 0);
      expectBadField(await send('POST', url(session.id), owner.headers, { productId: randomUUID() }), 'productId');
      expect(await linksOf(session.id)).toHaveLength(0);
    });

    it('lets an admin add the creator’s product, but not the admin’s own', async () => {
      const { session } = await sessionWithProducts(owner.id, 0);
      const creators = await insertProduct(owner.id);
      const admins = await insertProduct(admin.id);
      expect((await send('POST', url(session.id), admin.headers, { productId: creators.id })).statusCode).toBe(201);
      expectBadField(await send('POST', url(session.id), admin.headers, { productId: admins.id }), 'productId');
      expect((await linksOf(session.id)).map((link) => link.productId)).toEqual([creators.id]);
    });

    it('answers 409 when the product is already in the session, leaving the link as it was', async () => {
      const { session, products } = await sessionWithProducts(owner.id, 2);
      const before = await linksOf(session.id);
      const response = await send('POST', url(session.id), owner.headers, {
        productId: products[1]?.id,
        featured: true,
        displayOrder: 9,
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({ code: 'conflict', details: [{ field: 'productId' }] });
      expect(await linksOf(session.id)).toEqual(before);
    });

    it.each([
      ['a missing productId', {}, 'productId'],
      ['a negative displayOrder', { productId: randomUUID(), displayOrder: -1 }, 'displayOrder'],
      ['a fractional displayOrder', { productId: randomUUID(), displayOrder: 1.5 }, 'displayOrder'],
      ['a non-boolean featured', { productId: randomUUID(), featured: 'yes' }, 'featured'],
      ['an unknown field', { productId: randomUUID(), sellerId: randomUUID() }, 'sellerId'],
    ])('refuses %s', async (_name, payload, field) => {
      const { session } = await sessionWithProducts(owner.id, 0);
      expectBadField(await send('POST', url(session.id), owner.headers, payload), field);
    });

    it('answers 404 for an unknown session', async () => {
      const product = await insertProduct(owner.id);
      const response = await send('POST', url(randomUUID()), owner.headers, { productId: product.id });
      expect(response.statusCode).toBe(404);
    });
  });

  describe('DELETE /:productId', () => {
    it('removes the product from the session but keeps it in the catalogue', async () => {
      const { session, products } = await sessionWithProducts(owner.id, 2);
      const response = await send('DELETE', url(session.id, `/${products[0]?.id}`), owner.headers);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        success: true,
        message: 'Product removed from session',
        data: { sessionId: session.id, productId: products[0]?.id },
      });
      expect((await linksOf(session.id)).map((link) => link.productId)).toEqual([products[1]?.id]);
      expect(await api.db.prisma.product.findUnique({ where: { id: products[0]?.id as string } })).not.toBeNull();
    });

    it('answers 404 for a product that is not in the session', async () => {
      const { session } = await sessionWithProducts(owner.id, 1);
      const elsewhere = await insertProduct(owner.id);
      const response = await send('DELETE', url(session.id, `/${elsewhere.id}`), owner.headers);
      expect(response.statusCode).toBe(404);
      expect(await linksOf(session.id)).toHaveLength(1);
    });

    it('stops showcasing the removed product and tells the room', async () => {
      const { session, products } = await sessionWithProducts(owner.id, 2);
      await api.db.prisma.session.update({ where: { id: session.id }, data: { activeProductId: products[1]?.id } });
      const viewer = await realtime.viewerIn(session.id);
      const cleared = nextEvent(viewer, 'showcase-cleared');

      const response = await send('DELETE', url(session.id, `/${products[1]?.id}`), owner.headers);
      expect(response.statusCode).toBe(200);
      expect(await cleared).toEqual({ sessionId: session.id });
      const stored = await api.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
      expect(stored.activeProductId).toBeNull();
    });

    it('keeps the showcase when another product is removed', async () => {
      const { session, products } = await sessionWithProducts(owner.id, 2);
      await api.db.prisma.session.update({ where: { id: session.id }, data: { activeProductId: products[1]?.id } });
      expect((await send('DELETE', url(session.id, `/${products[0]?.id}`), owner.headers)).statusCode).toBe(200);
      const stored = await api.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
      expect(stored.activeProductId).toBe(products[1]?.id);
    });

    it('refuses a product id that is not a uuid', async () => {
      const { session } = await sessionWithProducts(owner.id, 1);
      expectBadField(await send('DELETE', url(session.id, '/nope'), owner.headers), 'productId');
    });
  });

  describe('PATCH /:productId/feature', () => {
    it('features and unfeatures one product', async () => {
      const { session, products } = await sessionWithProducts(owner.id, 2);
      const path = url(session.id, `/${products[1]?.id}/feature`);

      const on = await send('PATCH', path, owner.headers, { featured: true });
      expect(on.statusCode).toBe(200);
      expect(on.json().data).toMatchObject({ id: products[1]?.id, featured: true, displayOrder: 1 });
      expect(await featuredIdsOf(session.id)).toEqual([products[1]?.id]);

      const off = await send('PATCH', path, owner.headers, { featured: false });
      expect(off.json().data.featured).toBe(false);
      expect(await featuredIdsOf(session.id)).toEqual([]);
    });

    it('answers 404 for a product that is not in the session', async () => {
      const { session } = await sessionWithProducts(owner.id, 1);
      const elsewhere = await insertProduct(owner.id);
      const response = await send('PATCH', url(session.id, `/${elsewhere.id}/feature`), owner.headers, {
        featured: true,
      });
      expect(response.statusCode).toBe(404);
    });

    it('needs featured as a boolean', async () => {
      const { session, products } = await sessionWithProducts(owner.id, 1);
      const path = url(session.id, `/${products[0]?.id}/feature`);
      expectBadField(await send('PATCH', path, owner.headers, {}), 'featured');
      expectBadField(await send('PATCH', path, owner.headers, { featured: 'true' }), 'featured');
    });
  });

  describe('PATCH /:productId/order', () => {
    it('moves a product, and the list follows', async () => {
      const { session, products } = await sessionWithProducts(owner.id, 3);
      const response = await send('PATCH', url(session.id, `/${products[0]?.id}/order`), owner.headers, {
        displayOrder: 5,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ message: 'Display order updated', data: { displayOrder: 5 } });
      expect(idsIn(await send('GET', url(session.id)))).toEqual([products[1]?.id, products[2]?.id, products[0]?.id]);
    });

    it('answers 404 for a product that is not in the session', async () => {
      const { session } = await sessionWithProducts(owner.id, 1);
      const response = await send('PATCH', url(session.id, `/${randomUUID()}/order`), owner.headers, {
        displayOrder: 1,
      });
      expect(response.statusCode).toBe(404);
    });

    it.each([
      ['a negative order', { displayOrder: -1 }],
      ['a fractional order', { displayOrder: 0.5 }],
      ['an order beyond the maximum', { displayOrder: 1_000_001 }],
      ['a missing order', {}],
    ])('refuses %s', async (_name, payload) => {
      const { session, products } = await sessionWithProducts(owner.id, 1);
      const response = await send('PATCH', url(session.id, `/${products[0]?.id}/order`), owner.headers, payload);
      expectBadField(response, 'displayOrder');
      expect((await linksOf(session.id))[0]?.displayOrder).toBe(0);
    });
  });

  it('documents the routes, with the featured filter and bearer auth on writes, in the OpenAPI document', async () => {
    const document = (await send('GET', '/docs/json')).json();
    const list = document.paths['/api/sessions/{sessionId}/products/'];
    expect(list.get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(['sessionId', 'featured']),
    );
    expect(list.patch.security).toEqual([{ bearerAuth: [] }]);
    expect(list.post.security).toEqual([{ bearerAuth: [] }]);
    expect(document.paths['/api/sessions/{sessionId}/products/{productId}'].delete).toBeDefined();
    expect(document.paths['/api/sessions/{sessionId}/products/{productId}/feature'].patch).toBeDefined();
    expect(document.paths['/api/sessions/{sessionId}/products/{productId}/order'].patch).toBeDefined();
    expect(document.paths['/api/sessions/{sessionId}/showcase'].post.security).toEqual([{ bearerAuth: [] }]);
  });

  describe('authorization matrix', () => {
    const callers: Caller[] = ['anonymous', 'another creator', 'owner', 'admin'];
    const expected: Record<Caller, number> = { anonymous: 401, 'another creator': 403, owner: 200, admin: 200 };

    type Fixture = Awaited<ReturnType<typeof sessionWithProducts>> & { spare: { id: string } };
    const writes: Record<string, (fixture: Fixture) => { method: Method; path: string; payload?: unknown }> = {
      'PATCH / (bulk featured)': ({ products }) => ({
        method: 'PATCH',
        path: '',
        payload: { productIds: [products[0]?.id] },
      }),
      'POST /': ({ spare }) => ({ method: 'POST', path: '', payload: { productId: spare.id } }),
      'DELETE /:productId': ({ products }) => ({ method: 'DELETE', path: `/${products[0]?.id}` }),
      'PATCH /:productId/feature': ({ products }) => ({
        method: 'PATCH',
        path: `/${products[0]?.id}/feature`,
        payload: { featured: true },
      }),
      'PATCH /:productId/order': ({ products }) => ({
        method: 'PATCH',
        path: `/${products[0]?.id}/order`,
        payload: { displayOrder: 9 },
      }),
    };
    const cells = Object.keys(writes).flatMap((route) =>
      callers.map((caller) => ({
        route,
        caller,
        status: route === 'POST /' && expected[caller] === 200 ? 201 : expected[caller],
      })),
    );

    it.each(cells)('$route as $caller → $status', async ({ route, caller, status }) => {
      const fixture = { ...(await sessionWithProducts(owner.id, 2)), spare: await insertProduct(owner.id) };
      const before = await linksOf(fixture.session.id);
      const request = writes[route]?.(fixture);
      if (!request) throw new Error(`no request for ${route}`);

      const response = await send(
        request.method,
        url(fixture.session.id, request.path),
        headersOf(caller),
        request.payload,
      );
      expect(response.statusCode, response.body).toBe(status);
      const after = await linksOf(fixture.session.id);
      if (status >= 400) expect(after).toEqual(before);
      else expect(after).not.toEqual(before);
    });

    it.each(Object.keys(writes))('%s on an unknown session → 404 for the owner', async (route) => {
      const fixture = { ...(await sessionWithProducts(owner.id, 2)), spare: await insertProduct(owner.id) };
      const request = writes[route]?.(fixture);
      if (!request) throw new Error(`no request for ${route}`);
      const response = await send(request.method, url(randomUUID(), request.path), owner.headers, request.payload);
      expect(response.statusCode).toBe(404);
    });
  });
});
