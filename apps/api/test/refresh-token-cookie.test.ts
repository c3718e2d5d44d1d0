import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser, testPassword } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

/*
 * The web app's refresh token lives in an httpOnly cookie. Real HTTP on a real port (fetch), so the
 * Set-Cookie headers are exactly what a browser would receive.
 */

interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lowercased; flags map to ''. */
  attributes: Record<string, string>;
}

function parseSetCookie(header: string): SetCookie {
  const [pair = '', ...parts] = header.split(';').map((part) => part.trim());
  const equals = pair.indexOf('=');
  const attributes: Record<string, string> = {};
  for (const part of parts) {
    const [key = '', ...value] = part.split('=');
    attributes[key.toLowerCase()] = value.join('=');
  }
  return { name: pair.slice(0, equals), value: decodeURIComponent(pair.slice(equals + 1)), attributes };
}

const cookieName = 'showfloor_refresh';
const thirtyDaysInSeconds = String(30 * 86_400);

function refreshCookieOf(response: Response): SetCookie | undefined {
  return response.headers
    .getSetCookie()
    .map(parseSetCookie)
    .find((cookie) => cookie.name === cookieName);
}

function expectCleared(response: Response): void {
  const cookie = refreshCookieOf(response);
  expect(cookie, 'a Set-Cookie clearing the refresh cookie').toBeDefined();
  expect(cookie?.value).toBe('');
  expect(cookie?.attributes['max-age']).toBe('0');
  expect(cookie?.attributes.path).toBe('/api/auth');
}

let api: TestApi;
let baseUrl: string;
beforeAll(async () => {
  // One proxy hop trusted, so a request can say it came over https (x-forwarded-proto).
  api = await startTestApi({ TRUST_PROXY_HOPS: '1' });
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
});
afterAll(() => api.close());

const json = { 'content-type': 'application/json' };
/** The envelope's parts these tests read (a success has `data`, a refusal `error`). */
type Envelope = { data: { accessToken: string; refreshToken: string }; error: { code: string; message: string } };
const envelopeOf = async (response: Response) => (await response.json()) as Envelope;
const withCookie = (value: string) => ({ cookie: `${cookieName}=${encodeURIComponent(value)}` });

function post(path: string, init: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) {
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { ...(init.body !== undefined ? json : {}), ...init.headers },
    ...(body !== undefined ? { body } : {}),
  });
}

async function logIn(headers: Record<string, string> = {}) {
  const user = await signedInUser(api);
  const response = await post('/api/auth/login', {
    body: { username: user.username, password: testPassword },
    headers,
  });
  expect(response.status).toBe(200);
  const { data } = await envelopeOf(response);
  return { user, response, data, cookie: refreshCookieOf(response) };
}

async function me(accessToken: string): Promise<number> {
  return (await fetch(`${baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } })).status;
}

describe('the refresh-token cookie', () => {
  it('login sets it: the body’s refresh token, HttpOnly, SameSite=Strict, Path=/api/auth, Max-Age of the refresh lifetime', async () => {
    const { data, cookie } = await logIn();
    expect(cookie).toBeDefined();
    expect(cookie?.value).toBe(data.refreshToken);
    expect(cookie?.attributes).toMatchObject({
      httponly: '',
      samesite: 'Strict',
      path: '/api/auth',
      'max-age': thirtyDaysInSeconds,
    });
    // Plain http: a Secure cookie would never come back from http://localhost or a LAN address.
    expect(cookie?.attributes).not.toHaveProperty('secure');
  });

  it('is Secure when the request came over https', async () => {
    const { cookie } = await logIn({ 'x-forwarded-proto': 'https' });
    expect(cookie?.attributes).toHaveProperty('secure');
  });

  it('register sets it too', async () => {
    const response = await post('/api/auth/register', {
      body: { username: `cookie_${Date.now().toString(36)}`, password: 'password123' },
    });
    expect(response.status).toBe(201);
    expect(refreshCookieOf(response)?.value).toBe((await envelopeOf(response)).data.refreshToken);
  });

  it.each([
    ['no body at all', {}],
    ['an empty JSON object', { body: {} }],
  ])('refresh with only the cookie (%s) answers new tokens and rotates the cookie', async (_name, init) => {
    const { cookie } = await logIn();
    const response = await post('/api/auth/refresh-token', { ...init, headers: withCookie(cookie?.value ?? '') });
    expect(response.status).toBe(200);
    const { data } = await envelopeOf(response);
    expect(await me(data.accessToken)).toBe(200);
    const rotated = refreshCookieOf(response);
    expect(rotated?.value).toBe(data.refreshToken);
    expect(rotated?.value).not.toBe(cookie?.value);
    expect(rotated?.attributes).toMatchObject({ httponly: '', samesite: 'Strict', path: '/api/auth' });

    const again = await post('/api/auth/refresh-token', { headers: withCookie(rotated?.value ?? '') });
    expect(again.status).toBe(200);
  });

  it('an old cookie used again is refused, the cookie cleared, and the whole login ended', async () => {
    const { cookie } = await logIn();
    const first = await post('/api/auth/refresh-token', { headers: withCookie(cookie?.value ?? '') });
    const newest = refreshCookieOf(first)?.value ?? '';

    const replay = await post('/api/auth/refresh-token', { headers: withCookie(cookie?.value ?? '') });
    expect(replay.status).toBe(401);
    expect((await envelopeOf(replay)).error.code).toBe('unauthorized');
    expectCleared(replay);
    // Reuse revokes the family: the newest cookie no longer refreshes either.
    const afterReuse = await post('/api/auth/refresh-token', { headers: withCookie(newest) });
    expect(afterReuse.status).toBe(401);
    expectCleared(afterReuse);
  });

  it('an expired cookie is refused and cleared', async () => {
    const { cookie } = await logIn();
    const tokenHash = createHash('sha256')
      .update(cookie?.value ?? '')
      .digest('hex');
    await api.db.prisma.refreshToken.update({
      where: { tokenHash },
      data: { expiresAt: new Date(Date.now() - 1_000) },
    });
    const response = await post('/api/auth/refresh-token', { headers: withCookie(cookie?.value ?? '') });
    expect(response.status).toBe(401);
    expectCleared(response);
  });

  it('logout clears it, and the old cookie no longer refreshes', async () => {
    const { data, cookie } = await logIn();
    const logout = await post('/api/auth/logout', { headers: { authorization: `Bearer ${data.accessToken}` } });
    expect(logout.status).toBe(200);
    expectCleared(logout);
    const refresh = await post('/api/auth/refresh-token', { headers: withCookie(cookie?.value ?? '') });
    expect(refresh.status).toBe(401);
  });

  it('refreshToken in the body still works (seed 003 clients), and wins over a cookie', async () => {
    const { data } = await logIn();
    const other = await logIn();
    const response = await post('/api/auth/refresh-token', {
      body: { refreshToken: data.refreshToken },
      headers: withCookie(other.cookie?.value ?? ''),
    });
    expect(response.status).toBe(200);
    const rotated = (await envelopeOf(response)).data;
    expect(rotated.refreshToken).not.toBe(data.refreshToken);
    expect(refreshCookieOf(response)?.value).toBe(rotated.refreshToken);
    // The cookie was not spent: it still refreshes its own login.
    expect((await post('/api/auth/refresh-token', { headers: withCookie(other.cookie?.value ?? '') })).status).toBe(
      200,
    );
  });

  it('a refused body token leaves the cookie alone', async () => {
    const response = await post('/api/auth/refresh-token', { body: { refreshToken: 'x'.repeat(43) } });
    expect(response.status).toBe(401);
    expect(refreshCookieOf(response)).toBeUndefined();
  });

  it('neither body nor cookie: 401 unauthorized naming refreshToken', async () => {
    const response = await post('/api/auth/refresh-token', { body: {} });
    expect(response.status).toBe(401);
    const { error } = await envelopeOf(response);
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('refreshToken');
    expect(error.message).toContain(cookieName);
  });

  it('a body that is not JSON is refused (415) and the cookie is not spent', async () => {
    // What a same-site HTML form could post without a CORS preflight.
    const { cookie } = await logIn();
    const form = await post('/api/auth/refresh-token', {
      rawBody: '{}',
      headers: { 'content-type': 'text/plain', ...withCookie(cookie?.value ?? '') },
    });
    expect(form.status).toBe(415);
    expect(refreshCookieOf(form)).toBeUndefined();
    expect((await post('/api/auth/refresh-token', { headers: withCookie(cookie?.value ?? '') })).status).toBe(200);
  });
});
