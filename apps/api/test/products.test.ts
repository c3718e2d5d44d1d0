import { randomUUID } from 'node:crypto';
import { productSchema } from '@showfloor/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

const validBody = {
  name: 'Mechanical keyboard',
  description: 'Hot-swappable, 75% layout',
  price: 129.99,
  imageUrl: 'https://cdn.example.test/keyboard.png',
};

type Headers = Record<string, string>;
const anonymous: Headers = {};

describe('/api/products', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let otherCreator: SignedInUser;
  let plainUser: SignedInUser;
  let moderator: SignedInUser;
  let admin: SignedInUser;

  beforeAll(async () => {
    api = await startTestApi();
    [owner, otherCreator, plainUser, moderator, admin] = await Promise.all([
      signedInUser(api, 'creator'),
      signedInUser(api, 'creator'),
      signedInUser(api, 'user'),
      signedInUser(api, 'moderator'),
      signedInUser(api, 'admin'),
    ]);
  });
  afterAll(() => api.close());

  const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Headers, payload?: unknown) =>
    api.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  /** A product written straight to the database, so a test controls its seller and creation time. */
  const insertProduct = (sellerId: string, overrides: { name?: string; price?: string; createdAt?: Date } = {}) =>
    api.db.prisma.product.create({
      data: { sellerId, name: 'Desk lamp', description: 'Warm light', price: '49.50', ...overrides },
    });

  const productCount = () => api.db.prisma.product.count();
  const fieldsOf = (response: { json(): unknown }) =>
    (response.json() as { error: { details?: { field: string }[] } }).error.details?.map((detail) => detail.field);

  describe('POST /', () => {
    it('lets a creator add a product; the caller is the seller and the price round-trips exactly', async () => {
      const response = await inject('POST', '/api/products', owner.headers, { ...validBody, price: 19.99 });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body).toMatchObject({ success: true, message: 'Product created' });
      const product = productSchema.parse(body.data);
      expect(product).toMatchObject({ ...validBody, price: 19.99, sellerId: owner.id });
      expect(typeof body.data.price).toBe('number');

      const row = await api.db.prisma.product.findUniqueOrThrow({ where: { id: product.id } });
      expect(row.price.toFixed(2)).toBe('19.99');
      expect(row.sellerId).toBe(owner.id);
    });

    it('lets an admin add a product as its seller', async () => {
      const response = await inject('POST', '/api/products', admin.headers, validBody);
      expect(response.statusCode).toBe(201);
      expect(response.json().data.sellerId).toBe(admin.id);
    });

    it('trims the name and stores optional fields as null when left out', async () => {
      const response = await inject('POST', '/api/products', owner.headers, { name: '  Lamp  ', price: 12 });
      expect(response.statusCode).toBe(201);
      expect(response.json().data).toMatchObject({ name: 'Lamp', price: 12, description: null, imageUrl: null });
    });

    it.each([
      ['the smallest price', { price: 0.01 }],
      ['the largest price the column holds', { price: 9_999_999_999.99 }],
      ['a large price whose float times 100 is not whole', { price: 1_234_567_890.12 }],
      ['a 200-character name', { name: 'n'.repeat(200) }],
      ['a 5,000-character description', { description: 'd'.repeat(5_000) }],
      ['a 2,048-character image URL', { imageUrl: `https://cdn.example.test/${'a'.repeat(2_048 - 25)}` }],
      ['an http image URL', { imageUrl: 'http://cdn.example.test/a.png' }],
    ])('accepts %s', async (_case, overrides) => {
      const response = await inject('POST', '/api/products', owner.headers, { ...validBody, ...overrides });
      expect(response.statusCode).toBe(201);
      const row = await api.db.prisma.product.findUniqueOrThrow({ where: { id: response.json().data.id } });
      const expected = { ...validBody, ...overrides };
      expect(response.json().data).toMatchObject(expected);
      expect(row.price.toFixed(2)).toBe(expected.price.toFixed(2));
    });

    it.each([
      ['price 0', { price: 0 }, 'price'],
      ['a negative price', { price: -1 }, 'price'],
      ['a price with three decimals', { price: 1.234 }, 'price'],
      ['a price sent as a string', { price: '12' }, 'price'],
      ['a price above what the column holds', { price: 10_000_000_000 }, 'price'],
      ['no price', { price: undefined }, 'price'],
      ['an empty name', { name: '' }, 'name'],
      ['a name of spaces only', { name: '   ' }, 'name'],
      ['a 201-character name', { name: 'n'.repeat(201) }, 'name'],
      ['a name that is not a string', { name: 42 }, 'name'],
      ['no name', { name: undefined }, 'name'],
      ['a 5,001-character description', { description: 'd'.repeat(5_001) }, 'description'],
      ['an ftp image URL', { imageUrl: 'ftp://cdn.example.test/a.png' }, 'imageUrl'],
      ['an image URL that is not a URL', { imageUrl: 'not a url' }, 'imageUrl'],
      ['a 2,049-character image URL', { imageUrl: `https://cdn.example.test/${'a'.repeat(2_049 - 25)}` }, 'imageUrl'],
    ])('refuses %s with a 400 naming the field, and writes nothing', async (_case, overrides, field) => {
      const before = await productCount();
      const response = await inject('POST', '/api/products', owner.headers, { ...validBody, ...overrides });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ success: false, error: { code: 'validation_failed' } });
      expect(fieldsOf(response)).toContain(field);
      expect(response.json().error.message).toContain(field);
      expect(await productCount()).toBe(before);
    });

    it('refuses a sellerId in the body (no mass assignment) and creates nothing', async () => {
      const before = await productCount();
      const response = await inject('POST', '/api/products', otherCreator.headers, {
        ...validBody,
        sellerId: owner.id,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toContain('sellerId');
      expect(await productCount()).toBe(before);
      expect(await api.db.prisma.product.count({ where: { sellerId: otherCreator.id } })).toBe(0);
    });

    it('answers malformed JSON with a 400 and creates nothing', async () => {
      const before = await productCount();
      const response = await api.app.inject({
        method: 'POST',
        url: '/api/products',
        headers: { ...owner.headers, 'content-type': 'application/json' },
        payload: '{"name": "Lamp", "price": ',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
      expect(await productCount()).toBe(before);
    });

    it('refuses anonymous callers with 401 before reading the body, and users and moderators with 403', async () => {
      const before = await productCount();
      expect((await inject('POST', '/api/products', anonymous, validBody)).statusCode).toBe(401);
      const malformed = await api.app.inject({
        method: 'POST',
        url: '/api/products',
        headers: { 'content-type': 'application/json' },
        payload: '{',
      });
      expect(malformed.statusCode).toBe(401);
      const forUser = await inject('POST', '/api/products', plainUser.headers, validBody);
      expect(forUser.statusCode).toBe(403);
      expect(forUser.json().error.code).toBe('forbidden');
      expect((await inject('POST', '/api/products', moderator.headers, validBody)).statusCode).toBe(403);
      expect(await productCount()).toBe(before);
    });

    it('answers 401 when the signed-in creator has since been deleted, and creates nothing', async () => {
      const ghost = await signedInUser(api, 'creator');
      await api.db.prisma.user.delete({ where: { id: ghost.id } });
      const before = await productCount();
      const response = await inject('POST', '/api/products', ghost.headers, validBody);
      expect(response.statusCode).toBe(401);
      expect(await productCount()).toBe(before);
    });
  });

  describe('GET /:productId', () => {
    it('returns a product to anyone, price as a number', async () => {
      const row = await insertProduct(owner.id, { price: '19.99' });
      const response = await inject('GET', `/api/products/${row.id}`, anonymous);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        success: true,
        data: {
          id: row.id,
          sellerId: owner.id,
          name: 'Desk lamp',
          description: 'Warm light',
          price: 19.99,
          imageUrl: null,
          createdAt: row.createdAt.toISOString(),
          updatedAt: row.updatedAt.toISOString(),
        },
      });
    });

    it('answers 404 for an unknown id and 400 naming `productId` for a malformed one', async () => {
      const missing = await inject('GET', `/api/products/${randomUUID()}`, anonymous);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error).toEqual({ code: 'not_found', message: 'Product not found' });
      const malformed = await inject('GET', '/api/products/not-a-uuid', anonymous);
      expect(malformed.statusCode).toBe(400);
      expect(fieldsOf(malformed)).toEqual(['productId']);
    });
  });

  describe('GET /', () => {
    it('lists newest first with the page in meta, and filters by seller', async () => {
      const seller = await signedInUser(api, 'creator');
      const base = Date.parse('2026-01-01T00:00:00.000Z');
      const rows = [];
      for (let minute = 0; minute < 5; minute += 1) {
        rows.push(await insertProduct(seller.id, { name: `P${minute}`, createdAt: new Date(base + minute * 60_000) }));
      }
      const newestFirst = rows.map((row) => row.id).reverse();

      const firstPage = await inject('GET', `/api/products?sellerId=${seller.id}&limit=2`, anonymous);
      expect(firstPage.statusCode).toBe(200);
      expect(firstPage.json().data.map((product: { id: string }) => product.id)).toEqual(newestFirst.slice(0, 2));
      expect(firstPage.json().meta).toEqual({ total: 5, limit: 2, offset: 0, hasMore: true });

      const lastPage = await inject('GET', `/api/products?sellerId=${seller.id}&limit=2&offset=4`, anonymous);
      expect(lastPage.json().data.map((product: { id: string }) => product.id)).toEqual(newestFirst.slice(4));
      expect(lastPage.json().meta).toEqual({ total: 5, limit: 2, offset: 4, hasMore: false });

      const pastTheEnd = await inject('GET', `/api/products?sellerId=${seller.id}&offset=50`, anonymous);
      expect(pastTheEnd.json()).toEqual({
        success: true,
        data: [],
        meta: { total: 5, limit: 20, offset: 50, hasMore: false },
      });

      const nobody = await inject('GET', `/api/products?sellerId=${randomUUID()}`, anonymous);
      expect(nobody.json().meta.total).toBe(0);
    });

    it('defaults to 20 per page and counts every product without a filter', async () => {
      const response = await inject('GET', '/api/products', anonymous);
      expect(response.statusCode).toBe(200);
      const total = await productCount();
      expect(response.json().meta).toEqual({ total, limit: 20, offset: 0, hasMore: total > 20 });
      expect(response.json().data).toHaveLength(Math.min(total, 20));
      for (const product of response.json().data) productSchema.parse(product);
    });

    it('pages through products created in the same instant without repeating or skipping one', async () => {
      const seller = await signedInUser(api, 'creator');
      const sameInstant = new Date('2026-02-01T12:00:00.000Z');
      const rows = await Promise.all(
        Array.from({ length: 4 }, (_, index) =>
          insertProduct(seller.id, { name: `Tie ${index}`, createdAt: sameInstant }),
        ),
      );
      const seen: string[] = [];
      for (let offset = 0; offset < rows.length; offset += 1) {
        const page = await inject('GET', `/api/products?sellerId=${seller.id}&limit=1&offset=${offset}`, anonymous);
        seen.push(page.json().data[0].id);
      }
      expect(seen).toEqual(rows.map((row) => row.id).sort());
    });

    it('accepts limit 100', async () => {
      const response = await inject('GET', '/api/products?limit=100', anonymous);
      expect(response.statusCode).toBe(200);
      expect(response.json().meta.limit).toBe(100);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=1.5', 'limit'],
      ['offset=-1', 'offset'],
      ['sellerId=not-a-uuid', 'sellerId'],
    ])('answers ?%s with a 400 naming `%s`', async (query, field) => {
      const response = await inject('GET', `/api/products?${query}`, anonymous);
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response)).toEqual([field]);
    });
  });

  describe('PUT /:productId', () => {
    it('lets the seller change one field and leaves the others as they were', async () => {
      const row = await insertProduct(owner.id, { price: '49.50' });
      const response = await inject('PUT', `/api/products/${row.id}`, owner.headers, { price: 39.99 });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        success: true,
        message: 'Product updated',
        data: { id: row.id, name: 'Desk lamp', description: 'Warm light', price: 39.99, sellerId: owner.id },
      });
      const stored = await api.db.prisma.product.findUniqueOrThrow({ where: { id: row.id } });
      expect(stored.price.toFixed(2)).toBe('39.99');
      expect(stored.updatedAt.getTime()).toBeGreaterThanOrEqual(row.updatedAt.getTime());
    });

    it('clears an optional field sent as null', async () => {
      const row = await insertProduct(owner.id);
      const response = await inject('PUT', `/api/products/${row.id}`, owner.headers, {
        description: null,
        imageUrl: 'https://cdn.example.test/lamp.png',
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().data).toMatchObject({ description: null, imageUrl: 'https://cdn.example.test/lamp.png' });
    });

    it('lets an admin change anyone’s product', async () => {
      const row = await insertProduct(owner.id);
      const response = await inject('PUT', `/api/products/${row.id}`, admin.headers, { name: 'Moderated name' });
      expect(response.statusCode).toBe(200);
      expect(response.json().data).toMatchObject({ name: 'Moderated name', sellerId: owner.id });
    });

    it.each([
      ['an empty body', {}, ''],
      ['a sellerId (the seller never changes)', { sellerId: randomUUID() }, ''],
      ['price 0', { price: 0 }, 'price'],
      ['a price with three decimals', { price: 1.234 }, 'price'],
      ['a 201-character name', { name: 'n'.repeat(201) }, 'name'],
      ['a null name', { name: null }, 'name'],
      ['an ftp image URL', { imageUrl: 'ftp://cdn.example.test/a.png' }, 'imageUrl'],
    ])('refuses %s with a 400 and leaves the product unchanged', async (_case, payload, field) => {
      const row = await insertProduct(owner.id);
      const response = await inject('PUT', `/api/products/${row.id}`, owner.headers, payload);
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response)).toContain(field);
      expect(await api.db.prisma.product.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
    });

    it('names sellerId when it is sent in an update', async () => {
      const row = await insertProduct(owner.id);
      const response = await inject('PUT', `/api/products/${row.id}`, owner.headers, { sellerId: otherCreator.id });
      expect(response.json().error.message).toContain('sellerId');
    });

    it('answers 404 for an unknown product, to the owner-to-be and to a non-owner alike, and 400 for a bad id', async () => {
      for (const caller of [owner, otherCreator, admin]) {
        const response = await inject('PUT', `/api/products/${randomUUID()}`, caller.headers, { price: 1 });
        expect(response.statusCode).toBe(404);
      }
      const malformed = await inject('PUT', '/api/products/42', owner.headers, { price: 1 });
      expect(malformed.statusCode).toBe(400);
      expect(fieldsOf(malformed)).toEqual(['productId']);
    });
  });

  describe('DELETE /:productId', () => {
    it('lets the seller delete a product; afterwards it is gone', async () => {
      const row = await insertProduct(owner.id);
      const response = await inject('DELETE', `/api/products/${row.id}`, owner.headers);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ success: true, message: 'Product deleted', data: { id: row.id } });
      expect(await api.db.prisma.product.findUnique({ where: { id: row.id } })).toBeNull();
      expect((await inject('GET', `/api/products/${row.id}`, anonymous)).statusCode).toBe(404);
      expect((await inject('DELETE', `/api/products/${row.id}`, owner.headers)).statusCode).toBe(404);
    });

    it('answers 400 naming `productId` for a malformed id', async () => {
      const response = await inject('DELETE', '/api/products/not-a-uuid', owner.headers);
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response)).toEqual(['productId']);
    });
  });

  describe('authorization matrix', () => {
    const callers = ['anonymous', 'user', 'moderator', 'creator (not the owner)', 'owner', 'admin'] as const;
    type Caller = (typeof callers)[number];
    const headersOf = (caller: Caller): Headers =>
      ({
        anonymous,
        user: plainUser.headers,
        moderator: moderator.headers,
        'creator (not the owner)': otherCreator.headers,
        owner: owner.headers,
        admin: admin.headers,
      })[caller];

    // One row per route: the status each caller gets. The owner of a new product is its creator.
    const matrix: Record<string, Record<Caller, number>> = {
      'GET /': { anonymous: 200, user: 200, moderator: 200, 'creator (not the owner)': 200, owner: 200, admin: 200 },
      'GET /:productId': {
        anonymous: 200,
        user: 200,
        moderator: 200,
        'creator (not the owner)': 200,
        owner: 200,
        admin: 200,
      },
      'POST /': { anonymous: 401, user: 403, moderator: 403, 'creator (not the owner)': 201, owner: 201, admin: 201 },
      'PUT /:productId': {
        anonymous: 401,
        user: 403,
        moderator: 403,
        'creator (not the owner)': 403,
        owner: 200,
        admin: 200,
      },
      'DELETE /:productId': {
        anonymous: 401,
        user: 403,
        moderator: 403,
        'creator (not the owner)': 403,
        owner: 200,
        admin: 200,
      },
    };
    const cells = Object.entries(matrix).flatMap(([route, row]) =>
      callers.map((caller) => ({ route, caller, status: row[caller] })),
    );

    it.each(cells)('$route as $caller → $status', async ({ route, caller, status }) => {
      const headers = headersOf(caller);
      const row = await insertProduct(owner.id, { name: 'Matrix product', price: '10.00' });
      const before = await productCount();
      const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'DELETE', string];
      const url = `/api/products${path === '/' ? '' : `/${row.id}`}`;
      const payload = method === 'POST' ? validBody : method === 'PUT' ? { name: 'Changed', price: 11 } : undefined;

      const response = await inject(method, url, headers, payload);
      expect(response.statusCode).toBe(status);

      const stored = await api.db.prisma.product.findUnique({ where: { id: row.id } });
      if (status >= 400) {
        expect(await productCount()).toBe(before);
        expect(stored).toEqual(row);
      } else if (method === 'PUT') {
        expect(stored).toMatchObject({ name: 'Changed' });
      } else if (method === 'DELETE') {
        expect(stored).toBeNull();
      } else if (method === 'POST') {
        expect(await productCount()).toBe(before + 1);
      }
    });
  });
});
