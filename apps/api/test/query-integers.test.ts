import { createSession } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

/**
 * Number notations a URL can carry that are not decimal digits. `Number()` reads most of them
 * (`0x1F` is 31, `1e2` is 100, ` 5` is 5), so before the shared decimal rule `limit=0x1F` was 31.
 */
const notDecimalDigits = ['0x1F', '1e2', '+5', ' 5', '5.0', '0b1', '0o7', '', '5 ', '-0', 'Infinity', '٣'];

interface QueryRoute {
  route: string;
  caller: 'anonymous' | 'creator';
  fields: string[];
}

describe('integers in query strings are decimal digits only', () => {
  let api: TestApi;
  let creator: SignedInUser;
  let routes: QueryRoute[];

  beforeAll(async () => {
    api = await startTestApi();
    creator = await signedInUser(api, 'creator');
    const session = await createSession(api.db.prisma, { creatorId: creator.id });
    const paged = ['limit', 'offset'];
    routes = [
      { route: '/api/users', caller: 'anonymous', fields: paged },
      { route: '/api/products', caller: 'anonymous', fields: paged },
      { route: '/api/sessions', caller: 'anonymous', fields: paged },
      { route: `/api/sessions/${session.id}/chat`, caller: 'anonymous', fields: ['limit'] },
      { route: `/api/sessions/${session.id}/analytics/viewers`, caller: 'creator', fields: paged },
      { route: '/api/search?q=lamp', caller: 'anonymous', fields: ['limit'] },
      { route: '/api/search/sessions', caller: 'anonymous', fields: paged },
      { route: '/api/search/sessions/live', caller: 'anonymous', fields: paged },
      { route: '/api/search/sessions/upcoming', caller: 'anonymous', fields: paged },
      { route: '/api/search/sessions/trending', caller: 'anonymous', fields: paged },
      { route: `/api/search/sessions/creator/${creator.id}`, caller: 'anonymous', fields: paged },
      { route: '/api/search/products', caller: 'anonymous', fields: [...paged, 'minPrice', 'maxPrice'] },
    ];
  });
  afterAll(() => api.close());

  const get = (route: QueryRoute, field: string, value: string) => {
    const separator = route.route.includes('?') ? '&' : '?';
    return api.app.inject({
      method: 'GET',
      url: `${route.route}${separator}${field}=${encodeURIComponent(value)}`,
      headers: route.caller === 'creator' ? creator.headers : {},
    });
  };

  it('every integer query field refuses 0x1F, 1e2, +5, " 5", 5.0, 0b1 and the like with a 400 naming it (prices: decimal notation)', async () => {
    const accepted: string[] = [];
    let tried = 0;
    for (const route of routes) {
      for (const field of route.fields) {
        // Prices are decimals, so `5.0` is a fine minPrice; every other notation is not.
        const values = field.endsWith('Price') ? notDecimalDigits.filter((value) => value !== '5.0') : notDecimalDigits;
        for (const value of values) {
          const response = await get(route, field, value);
          const fields = response.json().error?.details?.map((detail: { field: string }) => detail.field) ?? [];
          tried += 1;
          if (response.statusCode !== 400 || !fields.includes(field)) {
            accepted.push(`${route.route} ${field}=${JSON.stringify(value)} → ${response.statusCode}`);
          }
        }
      }
    }
    expect(accepted, `${accepted.length} of ${tried} accepted`).toEqual([]);
    expect(tried).toBe(286);
  });

  it('plain decimal digits still work, leading zeros included', async () => {
    for (const route of routes) {
      const response = await get(route, 'limit', '07');
      expect(response.statusCode, `${route.route}: ${response.body}`).toBe(200);
      const { meta } = response.json();
      if (meta?.limit !== undefined) expect(meta.limit).toBe(7);
    }
    const prices = await api.app.inject({ method: 'GET', url: '/api/search/products?minPrice=0&maxPrice=19.99' });
    expect(prices.statusCode, prices.body).toBe(200);
  });

  it('limit=0x1F is a 400 naming limit, not a page of 31', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/products?limit=0x1F' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'limit', message: expect.stringContaining('decimal') }],
    });
  });
});
