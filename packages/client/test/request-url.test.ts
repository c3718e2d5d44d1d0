import { restRoutes } from '@showfloor/contracts/rest';
import { describe, expect, it } from 'vitest';
import { buildRequestUrl } from '../src/request-url.ts';

const sessionId = '6f1c1c5e-0b1e-4a53-9d3a-0d6f2c1b9a11';
const productId = '0a5e9f1d-7c2b-4e8a-8f3d-2b9c4d6e1f00';

describe('buildRequestUrl', () => {
  it('fills every path parameter by name, from the route table', () => {
    expect(
      buildRequestUrl('http://api.test', restRoutes.sessionProducts.setOrder, { sessionId, productId }, undefined),
    ).toBe(`http://api.test/api/sessions/${sessionId}/products/${productId}/order`);
  });

  it('percent-encodes parameter values, so a value can never reach another path', () => {
    expect(buildRequestUrl('', restRoutes.users.get, { userId: '../admin?x=1#' }, undefined)).toBe(
      '/api/users/..%2Fadmin%3Fx%3D1%23',
    );
  });

  it('refuses to build a URL with a parameter missing or empty', () => {
    expect(() => buildRequestUrl('', restRoutes.sessions.get, {}, undefined)).toThrow(
      'sessions.get: path parameter "sessionId" is missing',
    );
    expect(() => buildRequestUrl('', restRoutes.sessions.get, { sessionId: '' }, undefined)).toThrow('sessionId');
  });

  it('writes numbers, booleans and dates as the API reads them, and leaves out absent values', () => {
    const url = buildRequestUrl(
      'http://api.test/',
      restRoutes.chat.list,
      { sessionId },
      { limit: 20, before: new Date('2026-11-23T10:00:00.000Z'), beforeId: undefined },
    );
    expect(url).toBe(`http://api.test/api/sessions/${sessionId}/chat?limit=20&before=2026-11-23T10%3A00%3A00.000Z`);
    expect(buildRequestUrl('', restRoutes.sessionProducts.list, { sessionId }, { featured: false })).toBe(
      `/api/sessions/${sessionId}/products?featured=false`,
    );
  });

  it('encodes query text and repeats a key for each value of an array', () => {
    expect(buildRequestUrl('', restRoutes.search.everything, undefined, { q: 'gaming & more', limit: 5 })).toBe(
      '/api/search?q=gaming+%26+more&limit=5',
    );
    expect(buildRequestUrl('', restRoutes.search.everything, undefined, { q: ['a', 'b'] })).toBe('/api/search?q=a&q=b');
  });

  it('has nothing to fill in a path without parameters, and adds no `?` without a query', () => {
    expect(buildRequestUrl('https://api.test', restRoutes.auth.me, undefined, {})).toBe('https://api.test/api/auth/me');
  });
});
