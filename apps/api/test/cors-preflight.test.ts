import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.ts';

const origin = 'http://localhost:5173';
const sessionPath = '/api/sessions/00000000-0000-4000-8000-000000000001';

/** What a browser sends before a cross-origin request it may not make without asking. */
async function preflight(baseUrl: string, path: string, method: string) {
  return fetch(`${baseUrl}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization, content-type, x-request-id',
    },
  });
}

const listOf = (header: string | null) => (header ?? '').split(',').map((item) => item.trim().toLowerCase());

describe('CORS preflight (a browser on an allowed origin)', () => {
  let api: TestApi;
  let baseUrl: string;
  beforeAll(async () => {
    api = await startTestApi({ CORS_ORIGINS: origin });
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => api.close());

  it.each([
    ['PATCH', sessionPath],
    ['DELETE', sessionPath],
    ['PUT', '/api/products/00000000-0000-4000-8000-000000000001'],
    ['POST', '/api/products'],
    ['GET', '/api/products'],
  ])('allows %s %s with the headers clients send', async (method, path) => {
    const response = await preflight(baseUrl, path, method);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(listOf(response.headers.get('access-control-allow-methods'))).toContain(method.toLowerCase());
    expect(listOf(response.headers.get('access-control-allow-headers'))).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-request-id']),
    );
  });

  it('the request that follows a PATCH preflight is readable by the page (it carries the origin back)', async () => {
    const response = await fetch(`${baseUrl}${sessionPath}`, {
      method: 'PATCH',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'New title' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(listOf(response.headers.get('access-control-expose-headers'))).toContain('retry-after');
  });

  it('an origin that is not allowed gets no CORS grant', async () => {
    const response = await fetch(`${baseUrl}${sessionPath}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'DELETE' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
