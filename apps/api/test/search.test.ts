import { randomUUID } from 'node:crypto';
import { productSchema, publicSessionSchema, trendingSessionSchema } from '@showfloor/contracts';
import type { Prisma } from '@showfloor/db';
import { createUser } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productPageQuery, sessionPageQuery } from '../src/modules/search/search.repository.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

interface ListBody<Item = { id: string }> {
  success: true;
  data: Item[];
  meta: { total: number; totalIsExact: boolean; limit: number; offset: number; hasMore: boolean };
}

type SessionName = 'retroNight' | 'wardrobe' | 'castIron' | 'keyboardSale' | 'chairs' | 'evening';
type ProductName = 'keyboard' | 'wristRest' | 'lamp' | 'cable' | 'mat';

const minute = 60_000;
const base = Date.parse('2026-01-01T10:00:00Z');
const at = (minutes: number) => new Date(base + minutes * minute);

const fieldsOf = (response: { json(): unknown }) =>
  (response.json() as { error: { details?: { field: string }[] } }).error.details?.map((detail) => detail.field);

describe('/api/search', () => {
  let api: TestApi;
  let alice: SignedInUser;
  let bob: SignedInUser;
  /** Fixture ids by name; created one minute apart in this order, so "newest" is the reverse. */
  const s = {} as Record<SessionName, string>;
  const p = {} as Record<ProductName, string>;

  const get = (url: string, headers: Record<string, string> = {}) => api.app.inject({ method: 'GET', url, headers });
  const ids = async (url: string, name: Record<string, string>): Promise<string[]> => {
    const response = await get(url);
    expect(response.statusCode, response.body).toBe(200);
    const byId = new Map(Object.entries(name).map(([key, id]) => [id, key]));
    return (response.json() as ListBody).data.map((item) => byId.get(item.id) ?? item.id);
  };
  const sessionNames = (url: string) => ids(url, s);
  const productNames = (url: string) => ids(url, p);

  beforeAll(async () => {
    // Rows are written behind the API's back here (Prisma), which no write through it can
    // announce: answers are read fresh. The cache itself is tested in public-reads.test.ts.
    api = await startTestApi({ PUBLIC_READ_CACHE_MS: '0' });
    const prisma = api.db.prisma;
    [alice, bob] = await Promise.all([signedInUser(api, 'creator'), signedInUser(api, 'creator')]);

    const sessions: [SessionName, Omit<Prisma.SessionUncheckedCreateInput, 'createdAt'>][] = [
      [
        'retroNight',
        {
          creatorId: alice.id,
          title: 'Retro Gaming Night',
          description: 'Classic consoles and CRTs',
          category: 'gaming',
          tags: ['retro', 'consoles'],
          status: 'live',
          startedAt: at(60),
        },
      ],
      [
        'wardrobe',
        {
          creatorId: bob.id,
          title: 'autumn wardrobe haul',
          description: 'Coats and boots',
          category: 'Fashion',
          tags: ['style'],
          status: 'scheduled',
        },
      ],
      [
        'castIron',
        {
          creatorId: alice.id,
          title: 'Cooking with cast iron',
          description: null,
          category: 'cooking',
          tags: ['kitchen', 'streetfood'],
          status: 'ended',
          startedAt: at(2),
          endedAt: at(30),
        },
      ],
      [
        'keyboardSale',
        {
          creatorId: bob.id,
          title: '50% off: keyboards',
          description: 'Mechanical_keyboards on sale',
          category: 'tech',
          tags: ['deals'],
          status: 'paused',
          startedAt: at(20),
        },
      ],
      [
        'chairs',
        {
          creatorId: alice.id,
          title: 'Gaming chairs review',
          description: 'Ergonomic seating',
          category: 'tech',
          tags: [],
          status: 'live',
          startedAt: at(40),
        },
      ],
      [
        'evening',
        {
          creatorId: bob.id,
          title: 'Evening stream',
          description: 'Chill chat',
          category: 'Gaming',
          tags: ['lofi'],
          status: 'scheduled',
        },
      ],
    ];
    for (const [index, [name, data]] of sessions.entries()) {
      const created = await prisma.session.create({
        data: { ...data, streamKey: `live_secret_${name}`, createdAt: at(index) },
      });
      s[name] = created.id;
    }

    const products: [ProductName, Omit<Prisma.ProductUncheckedCreateInput, 'createdAt' | 'sellerId'>][] = [
      ['keyboard', { name: 'Mechanical Keyboard', description: 'Hot-swappable switches', price: '129.99' }],
      ['wristRest', { name: 'Keyboard wrist rest', description: 'Memory foam', price: '19.50' }],
      ['lamp', { name: 'Desk lamp', description: 'Warm LED light for late keyboard sessions', price: '49.00' }],
      ['cable', { name: 'USB_C cable 100%', description: null, price: '9.99' }],
      ['mat', { name: 'desk mat', description: 'Extended mouse pad', price: '25.00' }],
    ];
    for (const [index, [name, data]] of products.entries()) {
      const created = await prisma.product.create({ data: { ...data, sellerId: alice.id, createdAt: at(index) } });
      p[name] = created.id;
    }
  });
  afterAll(() => api.close());

  describe('GET /sessions', () => {
    it('with no q lists every session newest first, each in the session shape without its stream key', async () => {
      const response = await get('/api/search/sessions');
      expect(response.statusCode).toBe(200);
      const body = response.json() as ListBody;
      expect(body.meta).toEqual({ total: 6, totalIsExact: true, limit: 20, offset: 0, hasMore: false });
      expect(body.data.map((item) => item.id)).toEqual(
        (['evening', 'chairs', 'keyboardSale', 'castIron', 'wardrobe', 'retroNight'] as const).map((name) => s[name]),
      );
      for (const item of body.data) {
        expect(item).not.toHaveProperty('streamKey');
        expect(() => publicSessionSchema.parse(item)).not.toThrow();
      }
      expect(body.data[5]).toMatchObject({
        title: 'Retro Gaming Night',
        tags: ['retro', 'consoles'],
        status: 'live',
        creatorId: alice.id,
        startedAt: at(60).toISOString(),
      });
    });

    it('gives the same results, without stream keys, to the owner, another user, an admin and anonymous callers', async () => {
      const admin = await signedInUser(api, 'admin');
      const anonymous = await get(`/api/search/sessions?creatorId=${alice.id}`);
      expect(anonymous.body).not.toContain('live_secret_');
      for (const caller of [alice, bob, admin]) {
        const response = await get(`/api/search/sessions?creatorId=${alice.id}`, caller.headers);
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual(anonymous.json());
      }
    });

    it('treats an empty q like no q', async () => {
      expect(await sessionNames('/api/search/sessions?q=')).toHaveLength(6);
      expect(await sessionNames('/api/search/sessions?q=%20%20')).toHaveLength(6);
    });

    it('matches part of a word in the title, description, category or tags, ignoring case', async () => {
      expect(await sessionNames('/api/search/sessions?q=gaming')).toEqual(['evening', 'chairs', 'retroNight']);
      expect(await sessionNames('/api/search/sessions?q=GaMiNg')).toEqual(['evening', 'chairs', 'retroNight']);
      expect(await sessionNames('/api/search/sessions?q=gam')).toEqual(['evening', 'chairs', 'retroNight']);
      expect(await sessionNames('/api/search/sessions?q=ERGONOMIC')).toEqual(['chairs']); // description
      expect(await sessionNames('/api/search/sessions?q=fashion')).toEqual(['wardrobe']); // category only
      expect(await sessionNames('/api/search/sessions?q=streetfood')).toEqual(['castIron']); // tag only
      expect(await sessionNames('/api/search/sessions?q=STYLE')).toEqual(['wardrobe']); // tag, other case
      expect(await sessionNames('/api/search/sessions?q=nothing-like-this')).toEqual([]);
    });

    it('needs every word of q to appear somewhere in the session', async () => {
      expect(await sessionNames('/api/search/sessions?q=retro%20gaming')).toEqual(['retroNight']);
      expect(await sessionNames('/api/search/sessions?q=chill+gaming')).toEqual(['evening']);
      expect(await sessionNames('/api/search/sessions?q=retro+fashion')).toEqual([]);
    });

    it('takes % and _ in q literally', async () => {
      expect(await sessionNames('/api/search/sessions?q=%25')).toEqual(['keyboardSale']);
      expect(await sessionNames('/api/search/sessions?q=50%25')).toEqual(['keyboardSale']);
      expect(await sessionNames('/api/search/sessions?q=_')).toEqual(['keyboardSale']);
      expect(await sessionNames('/api/search/sessions?q=l_k')).toEqual(['keyboardSale']);
      expect(await sessionNames('/api/search/sessions?q=%5C')).toEqual([]); // a lone backslash
    });

    it('filters by status, category (whole value, any case) and creator, alone and with q', async () => {
      expect(await sessionNames('/api/search/sessions?status=live')).toEqual(['chairs', 'retroNight']);
      expect(await sessionNames('/api/search/sessions?status=scheduled&q=gaming')).toEqual(['evening']);
      expect(await sessionNames('/api/search/sessions?category=gaming')).toEqual(['evening', 'retroNight']);
      expect(await sessionNames('/api/search/sessions?category=GAMING')).toEqual(['evening', 'retroNight']);
      expect(await sessionNames('/api/search/sessions?category=gam')).toEqual([]);
      expect(await sessionNames(`/api/search/sessions?creatorId=${alice.id}`)).toEqual([
        'chairs',
        'castIron',
        'retroNight',
      ]);
      expect(
        await sessionNames(`/api/search/sessions?creatorId=${alice.id}&q=gaming&status=live&category=tech`),
      ).toEqual(['chairs']);
    });

    it('sorts newest, oldest or by title (case-insensitive)', async () => {
      expect(await sessionNames('/api/search/sessions?q=gaming&sortBy=newest')).toEqual([
        'evening',
        'chairs',
        'retroNight',
      ]);
      expect(await sessionNames('/api/search/sessions?q=gaming&sortBy=oldest')).toEqual([
        'retroNight',
        'chairs',
        'evening',
      ]);
      expect(await sessionNames('/api/search/sessions?sortBy=title')).toEqual([
        'keyboardSale', // "50% off…"
        'wardrobe', // "autumn…", lower-case, still before "Cooking…"
        'castIron',
        'evening',
        'chairs',
        'retroNight',
      ]);
    });

    it('pages with limit and offset and says whether more follow', async () => {
      const first = await get('/api/search/sessions?limit=2');
      expect((first.json() as ListBody).meta).toEqual({
        total: 6,
        totalIsExact: true,
        limit: 2,
        offset: 0,
        hasMore: true,
      });
      expect(await sessionNames('/api/search/sessions?limit=2')).toEqual(['evening', 'chairs']);
      expect(await sessionNames('/api/search/sessions?limit=2&offset=2')).toEqual(['keyboardSale', 'castIron']);

      const last = await get('/api/search/sessions?limit=2&offset=4');
      expect((last.json() as ListBody).meta).toEqual({
        total: 6,
        totalIsExact: true,
        limit: 2,
        offset: 4,
        hasMore: false,
      });
      expect(await sessionNames('/api/search/sessions?limit=2&offset=4')).toEqual(['wardrobe', 'retroNight']);

      const beyond = await get('/api/search/sessions?offset=6');
      expect(beyond.json()).toMatchObject({
        data: [],
        meta: { total: 6, totalIsExact: true, offset: 6, hasMore: false },
      });
      const farBeyond = await get('/api/search/sessions?q=gaming&limit=1&offset=100');
      expect(farBeyond.json()).toMatchObject({
        data: [],
        meta: { total: 3, totalIsExact: true, limit: 1, offset: 100, hasMore: false },
      });

      expect(await sessionNames('/api/search/sessions?limit=1')).toEqual(['evening']);
      expect(await sessionNames('/api/search/sessions?limit=100')).toHaveLength(6);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=2.5', 'limit'],
      ['limit=ten', 'limit'],
      ['offset=-1', 'offset'],
      ['sortBy=foo', 'sortBy'],
      ['sortBy=price-asc', 'sortBy'],
      ['status=foo', 'status'],
      ['creatorId=not-a-uuid', 'creatorId'],
      [`q=${'x'.repeat(201)}`, 'q'],
      [`q=${Array.from({ length: 11 }, (_, i) => `w${i}`).join('+')}`, 'q'],
    ])('refuses %s with a 400 naming the field', async (query, field) => {
      const response = await get(`/api/search/sessions?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
      expect(fieldsOf(response)).toEqual([field]);
    });
  });

  describe('GET /sessions/live, /upcoming, /creator/:creatorId', () => {
    it('lists live sessions (not paused ones) by most recent start', async () => {
      // retroNight was created first but started last.
      expect(await sessionNames('/api/search/sessions/live')).toEqual(['retroNight', 'chairs']);
      const response = await get('/api/search/sessions/live?limit=1&offset=1');
      expect(response.json()).toMatchObject({
        data: [{ id: s.chairs, status: 'live' }],
        meta: { total: 2, totalIsExact: true, limit: 1, offset: 1, hasMore: false },
      });
      expect(response.body).not.toContain('live_secret_');
    });

    it('lists scheduled sessions newest first', async () => {
      expect(await sessionNames('/api/search/sessions/upcoming')).toEqual(['evening', 'wardrobe']);
      expect(await sessionNames('/api/search/sessions/upcoming?offset=1')).toEqual(['wardrobe']);
    });

    it("lists one creator's sessions in every status, newest first, and nothing for an unknown creator", async () => {
      expect(await sessionNames(`/api/search/sessions/creator/${alice.id}`)).toEqual([
        'chairs',
        'castIron',
        'retroNight',
      ]);
      const page = await get(`/api/search/sessions/creator/${bob.id}?limit=1&offset=1`);
      expect(page.json()).toMatchObject({
        data: [{ id: s.keyboardSale }],
        meta: { total: 3, totalIsExact: true, limit: 1, offset: 1, hasMore: true },
      });
      const unknown = await get(`/api/search/sessions/creator/${randomUUID()}`);
      expect(unknown.json()).toEqual({
        success: true,
        data: [],
        meta: { total: 0, totalIsExact: true, limit: 20, offset: 0, hasMore: false },
      });
    });

    it.each([
      ['/api/search/sessions/live?limit=0', 'limit'],
      ['/api/search/sessions/upcoming?limit=101', 'limit'],
      ['/api/search/sessions/trending?offset=-1', 'offset'],
      ['/api/search/sessions/creator/42', 'creatorId'],
    ])('refuses %s with a 400 naming %s', async (url, field) => {
      const response = await get(url);
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response)).toEqual([field]);
    });
  });

  describe('GET /sessions/trending', () => {
    it('ranks live sessions by chat messages plus views in the last hour, then by most recent start', async () => {
      const prisma = api.db.prisma;
      const trending = async () => {
        const response = await get('/api/search/sessions/trending');
        expect(response.statusCode).toBe(200);
        const body = response.json() as ListBody<{ id: string; trending: unknown }>;
        for (const item of body.data) expect(() => trendingSessionSchema.parse(item)).not.toThrow();
        expect(response.body).not.toContain('live_secret_');
        return body;
      };

      // No engagement yet: both live sessions score 0 and the later start wins.
      const quiet = await trending();
      expect(quiet.data.map((item) => [item.id, item.trending])).toEqual([
        [s.retroNight, { score: 0, recentChatMessages: 0, recentViews: 0 }],
        [s.chairs, { score: 0, recentChatMessages: 0, recentViews: 0 }],
      ]);
      expect(quiet.meta).toEqual({ total: 2, totalIsExact: true, limit: 20, offset: 0, hasMore: false });

      const ago = (minutes: number) => new Date(Date.now() - minutes * minute);
      const message = (sessionId: string, minutesAgo: number, deleted = false) => ({
        sessionId,
        userId: bob.id,
        message: 'hi',
        createdAt: ago(minutesAgo),
        deletedAt: deleted ? ago(1) : null,
      });
      const view = (sessionId: string, minutesAgo: number) => ({
        sessionId,
        viewerKey: `guest:${randomUUID()}`,
        guestId: randomUUID(),
        role: 'subscriber' as const,
        joinedAt: ago(minutesAgo),
      });
      await prisma.chatMessage.createMany({
        data: [
          // chairs: 2 messages in the hour (a third was moderated away), 5 older ones.
          message(s.chairs, 5),
          message(s.chairs, 50),
          message(s.chairs, 10, true),
          ...Array.from({ length: 5 }, () => message(s.chairs, 120)),
          // retroNight: 1 message in the hour.
          message(s.retroNight, 1),
          // Paused and ended sessions never trend, however busy.
          ...Array.from({ length: 10 }, () => message(s.keyboardSale, 3)),
          ...Array.from({ length: 10 }, () => message(s.castIron, 3)),
        ],
      });
      await prisma.sessionView.createMany({
        data: [view(s.chairs, 20), view(s.retroNight, 30), view(s.retroNight, 90), view(s.keyboardSale, 2)],
      });

      const busy = await trending();
      expect(busy.data.map((item) => [item.id, item.trending])).toEqual([
        [s.chairs, { score: 3, recentChatMessages: 2, recentViews: 1 }],
        [s.retroNight, { score: 2, recentChatMessages: 1, recentViews: 1 }],
      ]);

      const secondPage = await get('/api/search/sessions/trending?limit=1&offset=1');
      expect(secondPage.json()).toMatchObject({
        data: [{ id: s.retroNight, trending: { score: 2 } }],
        meta: { total: 2, totalIsExact: true, limit: 1, offset: 1, hasMore: false },
      });
    });
  });

  describe('GET /products', () => {
    it('with no q lists every product newest first, prices as numbers', async () => {
      const response = await get('/api/search/products');
      expect(response.statusCode).toBe(200);
      const body = response.json() as ListBody;
      expect(body.meta).toEqual({ total: 5, totalIsExact: true, limit: 20, offset: 0, hasMore: false });
      expect(await productNames('/api/search/products')).toEqual(['mat', 'cable', 'lamp', 'wristRest', 'keyboard']);
      for (const item of body.data) expect(() => productSchema.parse(item)).not.toThrow();
      expect(body.data[3]).toMatchObject({ name: 'Keyboard wrist rest', price: 19.5, sellerId: alice.id });
    });

    it('matches part of the name or description, ignoring case', async () => {
      expect(await productNames('/api/search/products?q=keyboard')).toEqual(['lamp', 'wristRest', 'keyboard']);
      expect(await productNames('/api/search/products?q=KEYB')).toEqual(['lamp', 'wristRest', 'keyboard']);
      expect(await productNames('/api/search/products?q=mouse')).toEqual(['mat']); // description only
      expect(await productNames('/api/search/products?q=desk+warm')).toEqual(['lamp']);
    });

    it('takes % and _ in q literally', async () => {
      expect(await productNames('/api/search/products?q=%25')).toEqual(['cable']);
      expect(await productNames('/api/search/products?q=100%25')).toEqual(['cable']);
      expect(await productNames('/api/search/products?q=_')).toEqual(['cable']);
      expect(await productNames('/api/search/products?q=b_c')).toEqual(['cable']);
    });

    it('filters by an inclusive price range, alone and with q', async () => {
      expect(await productNames('/api/search/products?minPrice=20')).toEqual(['mat', 'lamp', 'keyboard']);
      expect(await productNames('/api/search/products?maxPrice=25')).toEqual(['mat', 'cable', 'wristRest']);
      expect(await productNames('/api/search/products?minPrice=19.5&maxPrice=49')).toEqual([
        'mat',
        'lamp',
        'wristRest',
      ]);
      expect(await productNames('/api/search/products?q=keyboard&maxPrice=50')).toEqual(['lamp', 'wristRest']);
      expect(await productNames('/api/search/products?q=keyboard&minPrice=49&maxPrice=49')).toEqual(['lamp']);
      expect(await productNames('/api/search/products?minPrice=130')).toEqual([]);
    });

    it('sorts newest, oldest, by price either way, or by name (case-insensitive)', async () => {
      expect(await productNames('/api/search/products?sortBy=oldest')).toEqual([
        'keyboard',
        'wristRest',
        'lamp',
        'cable',
        'mat',
      ]);
      expect(await productNames('/api/search/products?sortBy=price-asc')).toEqual([
        'cable',
        'wristRest',
        'mat',
        'lamp',
        'keyboard',
      ]);
      expect(await productNames('/api/search/products?sortBy=price-desc')).toEqual([
        'keyboard',
        'lamp',
        'mat',
        'wristRest',
        'cable',
      ]);
      expect(await productNames('/api/search/products?sortBy=name')).toEqual([
        'lamp', // Desk lamp
        'mat', // desk mat
        'wristRest',
        'keyboard',
        'cable',
      ]);
      expect(await productNames('/api/search/products?q=keyboard&sortBy=price-asc&minPrice=10')).toEqual([
        'wristRest',
        'lamp',
        'keyboard',
      ]);
    });

    it('pages with limit and offset', async () => {
      expect(await productNames('/api/search/products?limit=2&offset=1')).toEqual(['cable', 'lamp']);
      const last = await get('/api/search/products?limit=2&offset=4');
      expect(last.json()).toMatchObject({
        data: [{ id: p.keyboard }],
        meta: { total: 5, totalIsExact: true, limit: 2, offset: 4, hasMore: false },
      });
      const beyond = await get('/api/search/products?q=keyboard&offset=3');
      expect(beyond.json()).toMatchObject({
        data: [],
        meta: { total: 3, totalIsExact: true, offset: 3, hasMore: false },
      });
    });

    it.each([
      ['minPrice=50&maxPrice=10', 'minPrice'],
      ['minPrice=-1', 'minPrice'],
      ['maxPrice=cheap', 'maxPrice'],
      ['sortBy=cheapest', 'sortBy'],
      ['sortBy=title', 'sortBy'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['offset=-1', 'offset'],
    ])('refuses %s with a 400 naming the field', async (query, field) => {
      const response = await get(`/api/search/products?${query}`);
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response)).toEqual([field]);
    });
  });

  describe('GET /', () => {
    it('returns the newest matching sessions and products, and how many match in all', async () => {
      const response = await get('/api/search?q=keyboard');
      expect(response.statusCode).toBe(200);
      const { data } = response.json();
      expect(data.sessions.map((item: { id: string }) => item.id)).toEqual([s.keyboardSale]);
      expect(data.products.map((item: { id: string }) => item.id)).toEqual([p.lamp, p.wristRest, p.keyboard]);
      expect(data.counts).toEqual({ sessions: 1, products: 3 });
      expect(data.countsAreExact).toEqual({ sessions: true, products: true });
      expect(data.sessions[0]).not.toHaveProperty('streamKey');
      expect(data.products[2]).toMatchObject({ name: 'Mechanical Keyboard', price: 129.99 });
    });

    it('cuts each list at limit (default 10) but counts every match', async () => {
      const response = await get('/api/search?q=gaming&limit=2');
      expect(response.json().data).toMatchObject({
        sessions: [{ id: s.evening }, { id: s.chairs }],
        products: [],
        counts: { sessions: 3, products: 0 },
      });
      const desk = await get('/api/search?q=DESK');
      expect(desk.json().data.counts).toEqual({ sessions: 0, products: 2 });
      const literal = await get('/api/search?q=%25');
      expect(literal.json().data.counts).toEqual({ sessions: 1, products: 1 });
    });

    it.each([
      ['', 'q'],
      ['q=', 'q'],
      ['q=%20%20', 'q'],
      ['q=x&limit=0', 'limit'],
      ['q=x&limit=51', 'limit'],
    ])('refuses "%s" with a 400 naming %s', async (query, field) => {
      const response = await get(`/api/search?${query}`);
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response)).toEqual([field]);
    });

    it('documents every search route in OpenAPI under the search tag, with no stream key in any response', async () => {
      const { paths } = (await get('/docs/json')).json();
      const searchPaths = Object.keys(paths).filter((path) => path.startsWith('/api/search'));
      expect(searchPaths.sort()).toEqual([
        '/api/search/',
        '/api/search/products',
        '/api/search/sessions',
        '/api/search/sessions/creator/{creatorId}',
        '/api/search/sessions/live',
        '/api/search/sessions/trending',
        '/api/search/sessions/upcoming',
      ]);
      for (const path of searchPaths) {
        expect(paths[path].get.tags).toEqual(['search']);
        expect(Object.keys(paths[path].get.responses)).toContain('200');
        expect(JSON.stringify(paths[path])).not.toContain('streamKey');
      }
      const parameterNames = (path: string) =>
        paths[path].get.parameters.map((parameter: { name: string }) => parameter.name).sort();
      expect(parameterNames('/api/search/sessions')).toEqual([
        'category',
        'creatorId',
        'limit',
        'offset',
        'q',
        'sortBy',
        'status',
      ]);
      expect(parameterNames('/api/search/products')).toEqual([
        'limit',
        'maxPrice',
        'minPrice',
        'offset',
        'q',
        'sortBy',
      ]);
    });

    it('accepts limit=50 and treats a bad token like any other route (401)', async () => {
      expect((await get('/api/search?q=x&limit=50')).statusCode).toBe(200);
      const response = await get('/api/search?q=x', { authorization: 'Bearer not-a-token' });
      expect(response.statusCode).toBe(401);
    });
  });
});

describe('search totals past the bound', () => {
  let api: TestApi;
  const get = (url: string) => api.app.inject({ method: 'GET', url });
  const meta = async (url: string) => {
    const response = await get(url);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as ListBody;
    return { ...body.meta, items: body.data.length };
  };

  beforeAll(async () => {
    // A bound of 3 instead of 1,000, so a handful of rows go past it. Rows are written behind the
    // API's back (Prisma), so answers are read fresh.
    api = await startTestApi({ PUBLIC_READ_CACHE_MS: '0', SEARCH_EXACT_TOTAL_UP_TO: '3' });
    const prisma = api.db.prisma;
    const creator = await createUser(prisma);
    // Five "lantern" sessions and products (prices 1–5), three "moth" ones: more than the bound, and exactly it.
    const words = ['lantern', 'lantern', 'lantern', 'lantern', 'lantern', 'moth', 'moth', 'moth'];
    await prisma.session.createMany({
      data: words.map((word, n) => ({
        creatorId: creator.id,
        title: `${word} walk ${n}`,
        status: 'scheduled' as const,
      })),
    });
    await prisma.product.createMany({
      data: words.map((word, n) => ({ sellerId: creator.id, name: `${word} ${n}`, price: (n % 5) + 1 })),
    });
  });
  afterAll(() => api.close());

  it('is exact up to the bound', async () => {
    expect(await meta('/api/search/sessions?q=moth')).toEqual({
      total: 3,
      totalIsExact: true,
      limit: 20,
      offset: 0,
      hasMore: false,
      items: 3,
    });
    expect(await meta('/api/search/products?q=lantern&minPrice=4')).toMatchObject({ total: 2, totalIsExact: true });
  });

  it('above the bound (and the page) says more than the bound match, and that there is more', async () => {
    expect(await meta('/api/search/sessions?q=lantern&limit=2')).toEqual({
      total: 3,
      totalIsExact: false,
      limit: 2,
      offset: 0,
      hasMore: true,
      items: 2,
    });
    // Four products cost 2 or more.
    expect(await meta('/api/search/products?q=lantern&minPrice=2&limit=3')).toMatchObject({
      total: 3,
      totalIsExact: false,
      hasMore: true,
      items: 3,
    });
    // Unfiltered lists count the same way: 8 scheduled sessions.
    expect(await meta('/api/search/sessions/upcoming?limit=2')).toMatchObject({
      total: 3,
      totalIsExact: false,
      items: 2,
    });
    // A page reaching past the bound is counted to its end: here every match fits, so exact.
    expect(await meta('/api/search/sessions/upcoming')).toMatchObject({ total: 8, totalIsExact: true, items: 8 });
  });

  it('counts to the end of a page that lies past the bound, so paging still ends', async () => {
    expect(await meta('/api/search/sessions?q=lantern&limit=2&offset=2')).toMatchObject({
      total: 4,
      totalIsExact: false,
      hasMore: true,
      items: 2,
    });
    expect(await meta('/api/search/sessions?q=lantern&limit=2&offset=4')).toMatchObject({
      total: 5,
      totalIsExact: true,
      hasMore: false,
      items: 1,
    });
  });

  it('the global search says which count is a lower bound', async () => {
    // With limit=2 the count stops at the bound (3); the default limit of 10 would count to 10.
    const lantern = (await get('/api/search?q=lantern&limit=2')).json().data;
    expect(lantern.counts).toEqual({ sessions: 3, products: 3 });
    expect(lantern.countsAreExact).toEqual({ sessions: false, products: false });
    expect(lantern.sessions).toHaveLength(2);
    const moth = (await get('/api/search?q=moth&limit=2')).json().data;
    expect(moth.counts).toEqual({ sessions: 3, products: 3 });
    expect(moth.countsAreExact).toEqual({ sessions: true, products: true });
  });
});

describe('search indexes', () => {
  let api: TestApi;
  const rows = 5_000;

  beforeAll(async () => {
    // Rows are written behind the API's back here (Prisma), which no write through it can
    // announce: answers are read fresh. The cache itself is tested in public-reads.test.ts.
    api = await startTestApi({ PUBLIC_READ_CACHE_MS: '0' });
    const prisma = api.db.prisma;
    const creator = await createUser(prisma);
    // Some bulk so the plans are not about a handful of rows; "zebra" is rare.
    await prisma.$executeRawUnsafe(
      `INSERT INTO sessions (id, creator_id, title, description, category, tags, updated_at)
       SELECT gen_random_uuid(), $1::uuid, 'Session ' || n, CASE WHEN n % 1000 = 0 THEN 'zebra print' END,
              'category' || (n % 20), ARRAY['tag' || (n % 50)], now()
       FROM generate_series(1, ${rows}) AS n`,
      creator.id,
    );
    await prisma.$executeRawUnsafe(
      `INSERT INTO products (id, seller_id, name, description, price, updated_at)
       SELECT gen_random_uuid(), $1::uuid, 'Product ' || n, CASE WHEN n % 1000 = 0 THEN 'zebra stripes' END,
              (n % 1000) + 0.99, now()
       FROM generate_series(1, ${rows}) AS n`,
      creator.id,
    );
    await prisma.$executeRawUnsafe('ANALYZE sessions, products');
  });
  afterAll(() => api.close());

  /**
   * The plan for the exact SQL and parameters the repository sends. On tables this small another
   * plan is often cheaper (a sequential scan, or walking the created_at index and filtering), and
   * which one wins differs between PostgreSQL versions; with those priced out, a plan without the
   * trigram index would mean the query cannot use it. `pnpm bench:search` prints the plans
   * PostgreSQL picks unforced at 100,000 rows, where rare terms (with or without a price floor)
   * go through these indexes by themselves.
   */
  const planOf = (query: { text: string; values: unknown[] }) =>
    api.db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      await tx.$executeRawUnsafe('SET LOCAL enable_indexscan = off');
      const plan = await tx.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${query.text}`, ...query.values);
      return plan.map((line) => line['QUERY PLAN']).join('\n');
    });

  it('session search goes through the trigram index', async () => {
    const plan = await planOf(sessionPageQuery({ text: 'Zebra', order: 'newest' }, { limit: 20, offset: 0 }));
    expect(plan).toContain('Bitmap Index Scan on sessions_search_text_trgm_idx');
  });

  it('product search goes through the trigram index', async () => {
    const plan = await planOf(productPageQuery({ text: 'zebra', order: 'newest' }, { limit: 20, offset: 0 }));
    expect(plan).toContain('Bitmap Index Scan on products_search_text_trgm_idx');
  });

  it('finds the rare rows through the API', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/search?q=zebra' });
    expect(response.json().data.counts).toEqual({ sessions: rows / 1000, products: rows / 1000 });
  });
});
