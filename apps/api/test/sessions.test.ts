import { randomUUID } from 'node:crypto';
import { allowedStatusTransitions, type SessionStatus, sessionStatusSchema } from '@showfloor/contracts';
import { createSession } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadField } from './support/expect-bad-field.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const secretStreamKey = 'live_sk_do-not-leak-7f3a9c';

describe('/api/sessions', () => {
  let api: TestApi;
  let admin: SignedInUser;
  let owner: SignedInUser;
  let otherCreator: SignedInUser;
  let viewer: SignedInUser;

  beforeAll(async () => {
    api = await startTestApi();
    [admin, owner, otherCreator, viewer] = await Promise.all([
      signedInUser(api, 'admin'),
      signedInUser(api, 'creator'),
      signedInUser(api, 'creator'),
      signedInUser(api, 'user'),
    ]);
  });
  afterAll(() => api?.close());

  function send(method: Method, url: string, options: { as?: SignedInUser | undefined; payload?: object } = {}) {
    return api.app.inject({
      method,
      url,
      ...(options.as ? { headers: options.as.headers } : {}),
      ...(options.payload ? { payload: options.payload } : {}),
    });
  }

  const prisma = () => api.db.prisma;
  const findSession = (id: string) => prisma().session.findUnique({ where: { id } });

  /** A session of `creator` in `status`, with the timestamps that status implies. */
  function sessionIn(status: SessionStatus, creator: SignedInUser = owner, extra: { streamKey?: string } = {}) {
    const startedAt = status === 'scheduled' ? null : new Date(Date.now() - 60_000);
    const endedAt = status === 'ended' ? new Date(Date.now() - 1_000) : null;
    return createSession(prisma(), { creatorId: creator.id, status, startedAt, endedAt, ...extra });
  }

  function productOf(seller: SignedInUser, name = `Product ${randomUUID().slice(0, 6)}`, price = '19.99') {
    return prisma().product.create({ data: { sellerId: seller.id, name, price, description: `${name} details` } });
  }

  it('documents every route in the OpenAPI document, token-taking ones with bearer auth', async () => {
    const { paths } = (await send('GET', '/docs/json')).json();
    const expected: [string, string][] = [
      ['/api/sessions/', 'get'],
      ['/api/sessions/', 'post'],
      ['/api/sessions/{sessionId}', 'get'],
      ['/api/sessions/{sessionId}', 'patch'],
      ['/api/sessions/{sessionId}', 'delete'],
      ['/api/sessions/{sessionId}/status', 'patch'],
      ['/api/sessions/{sessionId}/start-stream', 'post'],
      ['/api/sessions/{sessionId}/end-stream', 'post'],
      ['/api/sessions/{sessionId}/stream-token', 'get'],
      ['/api/sessions/{sessionId}/refresh-token', 'post'],
    ];
    for (const [path, method] of expected) {
      const operation = paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation.tags).toContain('sessions');
      expect(operation.security, `${method} ${path}`).toContainEqual({ bearerAuth: [] });
    }
  });

  describe('GET /', () => {
    it('pages through sessions newest first, optionally one creator’s', async () => {
      const lister = await signedInUser(api, 'creator');
      const created = [];
      for (let i = 0; i < 3; i++) created.push(await sessionIn('scheduled', lister));

      const all = await send('GET', '/api/sessions?limit=2');
      expect(all.statusCode).toBe(200);
      const total = await prisma().session.count();
      expect(all.json().meta).toEqual({ total, limit: 2, offset: 0, hasMore: total > 2 });
      const newestFirst = await prisma().session.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
      expect(all.json().data.map((s: { id: string }) => s.id)).toEqual(newestFirst.slice(0, 2).map((s) => s.id));

      const mine = await send('GET', `/api/sessions?creatorId=${lister.id}&limit=2&offset=1`);
      expect(mine.statusCode).toBe(200);
      expect(mine.json().meta).toEqual({ total: 3, limit: 2, offset: 1, hasMore: false });
      const expected = [...created].reverse().slice(1);
      expect(mine.json().data.map((s: { id: string }) => s.id)).toEqual(expected.map((s) => s.id));
      expect(mine.json().data.every((s: { creatorId: string }) => s.creatorId === lister.id)).toBe(true);

      const pastTheEnd = await send('GET', `/api/sessions?creatorId=${lister.id}&offset=3`);
      expect(pastTheEnd.json()).toMatchObject({ data: [], meta: { total: 3, offset: 3, hasMore: false } });
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=-1', 'limit'],
      ['offset=-1', 'offset'],
      ['limit=abc', 'limit'],
      ['creatorId=not-a-uuid', 'creatorId'],
    ])('refuses ?%s with a 400 naming %s', async (query, field) => {
      expectBadField(await send('GET', `/api/sessions?${query}`), field);
    });

    it('accepts the page-size bounds 1 and 100', async () => {
      expect((await send('GET', '/api/sessions?limit=1')).json().data).toHaveLength(1);
      expect((await send('GET', '/api/sessions?limit=100')).json().meta.limit).toBe(100);
    });
  });

  describe('GET /:sessionId', () => {
    it('shows products in display order, the active product and the creator', async () => {
      const [keyboard, mouse, headset] = await Promise.all([
        productOf(owner, 'Keyboard', '129.99'),
        productOf(owner, 'Mouse', '59.99'),
        productOf(owner, 'Headset', '89.50'),
      ]);
      const session = await sessionIn('live', owner);
      await prisma().sessionProduct.createMany({
        data: [
          { sessionId: session.id, productId: keyboard.id, displayOrder: 2 },
          { sessionId: session.id, productId: mouse.id, displayOrder: 0, featured: true },
          { sessionId: session.id, productId: headset.id, displayOrder: 1 },
        ],
      });
      await prisma().session.update({ where: { id: session.id }, data: { activeProductId: mouse.id } });

      const response = await send('GET', `/api/sessions/${session.id}`);
      expect(response.statusCode).toBe(200);
      const data = response.json().data;
      expect(data).toMatchObject({
        id: session.id,
        status: 'live',
        creatorId: owner.id,
        activeProductId: mouse.id,
        activeProduct: { id: mouse.id, name: 'Mouse', price: 59.99, description: 'Mouse details', imageUrl: null },
        creator: { id: owner.id, username: owner.username },
      });
      expect(data.products.map((p: { name: string }) => p.name)).toEqual(['Mouse', 'Headset', 'Keyboard']);
      expect(data.products[0]).toMatchObject({ featured: true, displayOrder: 0, price: 59.99 });
      expect(data.products[2]).toMatchObject({ featured: false, displayOrder: 2, price: 129.99 });
      expect(Date.parse(data.products[0].addedAt)).not.toBeNaN();
    });

    it('answers 404 for an unknown session and 400 for a malformed id', async () => {
      const missing = await send('GET', `/api/sessions/${randomUUID()}`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('not_found');
      expectBadField(await send('GET', '/api/sessions/42'), 'sessionId');
    });
  });

  describe('streamKey', () => {
    it('is shown to the owner and admins only, in the detail and in lists', async () => {
      const session = await sessionIn('scheduled', owner, { streamKey: secretStreamKey });
      const detail = (as?: SignedInUser) => send('GET', `/api/sessions/${session.id}`, { as });
      const list = (as?: SignedInUser) => send('GET', `/api/sessions?creatorId=${owner.id}&limit=100`, { as });

      for (const as of [undefined, otherCreator, viewer]) {
        for (const response of [await detail(as), await list(as)]) {
          expect(response.statusCode).toBe(200);
          expect(response.body).not.toContain(secretStreamKey);
          expect(response.body).not.toContain('streamKey');
        }
      }
      for (const as of [owner, admin]) {
        expect((await detail(as)).json().data.streamKey).toBe(secretStreamKey);
        const listed = (await list(as)).json().data.find((s: { id: string }) => s.id === session.id);
        expect(listed.streamKey).toBe(secretStreamKey);
      }
    });
  });

  describe('POST /', () => {
    it('creates a scheduled session linked to the creator’s products in the given order', async () => {
      const [first, second] = await Promise.all([productOf(owner), productOf(owner)]);
      const response = await send('POST', '/api/sessions', {
        as: owner,
        payload: {
          title: '  Live Gaming Session ',
          description: 'Playing the latest games',
          category: 'gaming',
          tags: ['fps', 'competitive'],
          streamUrl: 'rtmp://ingest.example.test/live',
          streamKey: secretStreamKey,
          productIds: [second.id, first.id],
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json();
      expect(body.message).toBe('Session created successfully');
      expect(body.data).toMatchObject({
        title: 'Live Gaming Session',
        status: 'scheduled',
        creatorId: owner.id,
        activeProductId: null,
        activeProduct: null,
        startedAt: null,
        endedAt: null,
        enableViewerAnalytics: true,
        streamKey: secretStreamKey,
        tags: ['fps', 'competitive'],
      });
      expect(body.data.agoraChannelName).toBe(body.data.id);
      expect(body.data.products.map((p: { id: string; displayOrder: number }) => [p.id, p.displayOrder])).toEqual([
        [second.id, 0],
        [first.id, 1],
      ]);

      const links = await prisma().sessionProduct.findMany({ where: { sessionId: body.data.id } });
      expect(Object.fromEntries(links.map((l) => [l.productId, l.displayOrder]))).toEqual({
        [second.id]: 0,
        [first.id]: 1,
      });
    });

    it('refuses other sellers’ and missing products by id, and creates nothing', async () => {
      const [mine, theirs] = await Promise.all([productOf(owner), productOf(otherCreator)]);
      const missing = randomUUID();
      const [sessionsBefore, linksBefore] = [await prisma().session.count(), await prisma().sessionProduct.count()];

      const response = await send('POST', '/api/sessions', {
        as: owner,
        payload: { title: 'Mixed bag', productIds: [mine.id, theirs.id, missing] },
      });
      expect(response.statusCode, response.body).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('validation_failed');
      expect(error.message).toContain(theirs.id);
      expect(error.message).toContain(missing);
      expect(error.message).not.toContain(mine.id);
      expect(error.details).toEqual([
        { field: 'productIds.1', message: `product ${theirs.id} is not yours` },
        { field: 'productIds.2', message: `product ${missing} does not exist` },
      ]);
      expect(await prisma().session.count()).toBe(sessionsBefore);
      expect(await prisma().sessionProduct.count()).toBe(linksBefore);
      expect(await prisma().session.count({ where: { title: 'Mixed bag' } })).toBe(0);
    });

    it('lets admins create sessions with their own products, and turns others away before writing', async () => {
      const before = await prisma().session.count();
      const anonymous = await send('POST', '/api/sessions', { payload: { title: 'Nope' } });
      expect(anonymous.statusCode).toBe(401);
      const plainUser = await send('POST', '/api/sessions', { as: viewer, payload: { title: 'Nope' } });
      expect(plainUser.statusCode).toBe(403);
      expect(await prisma().session.count()).toBe(before);

      const adminProduct = await productOf(admin);
      const byAdmin = await send('POST', '/api/sessions', {
        as: admin,
        payload: { title: 'Staff pick', productIds: [adminProduct.id] },
      });
      expect(byAdmin.statusCode, byAdmin.body).toBe(201);
      expect(byAdmin.json().data).toMatchObject({ creatorId: admin.id, products: [{ id: adminProduct.id }] });

      const creatorsProductByAdmin = await send('POST', '/api/sessions', {
        as: admin,
        payload: { title: 'Not mine to sell', productIds: [(await productOf(owner)).id] },
      });
      expect(creatorsProductByAdmin.statusCode).toBe(400);
    });

    it.each([
      [{ title: '' }, 'title'],
      [{ title: 'x'.repeat(256) }, 'title'],
      [{ title: 'ok', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
      [{ title: 'ok', tags: ['x'.repeat(33)] }, 'tags.0'],
      [{ title: 'ok', productIds: ['not-a-uuid'] }, 'productIds.0'],
      [{ title: 'ok', streamUrl: 'javascript:alert(1)' }, 'streamUrl'],
      [{ title: 'ok', creatorId: randomUUID() }, 'creatorId'],
      [{ title: 'ok', status: 'live' }, 'status'],
    ])('refuses %j with a 400 naming %s', async (payload, field) => {
      const before = await prisma().session.count();
      expectBadField(await send('POST', '/api/sessions', { as: owner, payload }), field);
      expect(await prisma().session.count()).toBe(before);
    });
  });

  describe('PATCH /:sessionId', () => {
    it('lets the owner and admins edit, including the viewer-analytics toggle; others change nothing', async () => {
      const session = await sessionIn('scheduled', owner);
      const edit = (as?: SignedInUser) =>
        send('PATCH', `/api/sessions/${session.id}`, { as, payload: { title: `by ${as?.role}` } });

      expect((await edit()).statusCode).toBe(401);
      expect((await edit(otherCreator)).statusCode).toBe(403);
      expect((await edit(viewer)).statusCode).toBe(403);
      expect((await findSession(session.id))?.title).toBe(session.title);

      const byOwner = await send('PATCH', `/api/sessions/${session.id}`, {
        as: owner,
        payload: { title: 'Renamed', enableViewerAnalytics: false, tags: ['new'], category: null },
      });
      expect(byOwner.statusCode, byOwner.body).toBe(200);
      expect(byOwner.json().data).toMatchObject({ title: 'Renamed', enableViewerAnalytics: false, tags: ['new'] });
      expect(await findSession(session.id)).toMatchObject({ title: 'Renamed', enableViewerAnalytics: false });

      const byAdmin = await edit(admin);
      expect(byAdmin.statusCode).toBe(200);
      expect((await findSession(session.id))?.title).toBe('by admin');
    });

    it('refuses an empty edit, unknown fields and a status change through this route', async () => {
      const session = await sessionIn('scheduled', owner);
      const url = `/api/sessions/${session.id}`;
      expect((await send('PATCH', url, { as: owner, payload: {} })).statusCode).toBe(400);
      expectBadField(await send('PATCH', url, { as: owner, payload: { status: 'live' } }), 'status');
      expect((await findSession(session.id))?.status).toBe('scheduled');
    });

    it('answers 404 for an unknown session', async () => {
      const response = await send('PATCH', `/api/sessions/${randomUUID()}`, { as: admin, payload: { title: 'x' } });
      expect(response.statusCode).toBe(404);
    });
  });

  describe('DELETE /:sessionId', () => {
    it('lets the owner and admins delete; anonymous callers and other users cannot', async () => {
      const product = await productOf(owner);
      const mine = await sessionIn('scheduled', owner);
      await prisma().sessionProduct.create({ data: { sessionId: mine.id, productId: product.id } });
      const remove = (id: string, as?: SignedInUser) => send('DELETE', `/api/sessions/${id}`, { as });

      expect((await remove(mine.id)).statusCode).toBe(401);
      expect((await remove(mine.id, otherCreator)).statusCode).toBe(403);
      expect((await remove(mine.id, viewer)).statusCode).toBe(403);
      expect(await findSession(mine.id)).not.toBeNull();

      const byOwner = await remove(mine.id, owner);
      expect(byOwner.statusCode).toBe(200);
      expect(byOwner.json().data).toEqual({ id: mine.id });
      expect(await findSession(mine.id)).toBeNull();
      expect(await prisma().sessionProduct.count({ where: { sessionId: mine.id } })).toBe(0);
      expect(await prisma().product.findUnique({ where: { id: product.id } })).not.toBeNull();
      expect((await remove(mine.id, owner)).statusCode).toBe(404);

      const ended = await sessionIn('ended', owner);
      expect((await remove(ended.id, admin)).statusCode).toBe(200);
      expect(await findSession(ended.id)).toBeNull();
    });

    it.each(['live', 'paused'] as const)('refuses with 409 while the session is %s', async (status) => {
      const session = await sessionIn(status, owner);
      for (const as of [owner, admin]) {
        const response = await send('DELETE', `/api/sessions/${session.id}`, { as });
        expect(response.statusCode).toBe(409);
        expect(response.json().error.message).toContain(status);
      }
      expect(await findSession(session.id)).not.toBeNull();
    });
  });

  describe('PATCH /:sessionId/status', () => {
    const statuses = sessionStatusSchema.options;
    const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to] as [SessionStatus, SessionStatus]));

    it.each(pairs)('%s → %s', async (from, to) => {
      const session = await sessionIn(from, owner);
      const before = Date.now();
      const response = await send('PATCH', `/api/sessions/${session.id}/status`, {
        as: owner,
        payload: { status: to },
      });
      const stored = await findSession(session.id);

      if (!allowedStatusTransitions[from].includes(to)) {
        expect(response.statusCode, response.body).toBe(409);
        const { error } = response.json();
        expect(error.code).toBe('conflict');
        const allowedText = allowedStatusTransitions[from].join(', ') || `none (${from} is final)`;
        expect(error.message).toContain(`allowed from ${from}: ${allowedText}`);
        expect(error.details).toEqual([{ field: 'status', message: `allowed from ${from}: ${allowedText}` }]);
        expect(stored).toMatchObject({ status: from, startedAt: session.startedAt, endedAt: session.endedAt });
        return;
      }

      expect(response.statusCode, response.body).toBe(200);
      const data = response.json().data;
      expect(data.status).toBe(to);
      expect(stored?.status).toBe(to);
      if (from === 'scheduled') {
        expect(stored?.startedAt?.getTime()).toBeGreaterThanOrEqual(before - 5);
        expect(data.startedAt).toBe(stored?.startedAt?.toISOString());
      } else {
        // Resuming or pausing keeps the original start.
        expect(stored?.startedAt).toEqual(session.startedAt);
      }
      if (to === 'ended') {
        expect(stored?.endedAt?.getTime()).toBeGreaterThanOrEqual(before - 5);
        expect(data.endedAt).toBe(stored?.endedAt?.toISOString());
      } else {
        expect(data.endedAt).toBeNull();
      }
    });

    it('lets the owner and admins change the status; anonymous callers and other users cannot', async () => {
      const session = await sessionIn('scheduled', owner);
      const change = (status: SessionStatus, as?: SignedInUser) =>
        send('PATCH', `/api/sessions/${session.id}/status`, { as, payload: { status } });

      expect((await change('live')).statusCode).toBe(401);
      expect((await change('live', otherCreator)).statusCode).toBe(403);
      expect((await change('live', viewer)).statusCode).toBe(403);
      expect((await findSession(session.id))?.status).toBe('scheduled');

      expect((await change('live', owner)).statusCode).toBe(200);
      expect((await change('paused', admin)).statusCode).toBe(200);
      expect((await findSession(session.id))?.status).toBe('paused');
      expect((await change('live', owner)).statusCode).toBe(200);
    });

    it('lets exactly one of several concurrent "go live" requests win', async () => {
      const session = await sessionIn('scheduled', owner);
      const responses = await Promise.all(
        Array.from({ length: 6 }, () =>
          send('PATCH', `/api/sessions/${session.id}/status`, { as: owner, payload: { status: 'live' } }),
        ),
      );
      const codes = responses.map((r) => r.statusCode).sort();
      expect(codes).toEqual([200, 409, 409, 409, 409, 409]);
      const winner = responses.find((r) => r.statusCode === 200);
      expect((await findSession(session.id))?.startedAt?.toISOString()).toBe(winner?.json().data.startedAt);
    });

    it('refuses an unknown status with a 400 and an unknown session with a 404', async () => {
      const session = await sessionIn('scheduled', owner);
      expectBadField(
        await send('PATCH', `/api/sessions/${session.id}/status`, { as: owner, payload: { status: 'archived' } }),
        'status',
      );
      const missing = await send('PATCH', `/api/sessions/${randomUUID()}/status`, {
        as: owner,
        payload: { status: 'live' },
      });
      expect(missing.statusCode).toBe(404);
    });
  });
});
