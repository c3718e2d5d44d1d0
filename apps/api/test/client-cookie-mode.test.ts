import type { AddressInfo } from 'node:net';
import { ApiError, createApiClient, memoryTokenStore } from '@showfloor/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieJarFetch } from './support/cookie-jar-fetch.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

/*
 * @showfloor/client in cookie mode (the web app's), over real HTTP against the real API. Each
 * "browser" is a cookie jar in front of Node's fetch; a "reload" is a new client (its memory store
 * empty) on the same jar.
 */

const password = 'correct horse battery';
const cookieName = 'showfloor_refresh';
let counter = 0;
const uniqueName = () => `cookie_${Date.now().toString(36)}_${counter++}`;

let api: TestApi;
let baseUrl: string;
beforeAll(async () => {
  api = await startTestApi();
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
});
afterAll(() => api.close());

/** A browser tab: a client in cookie mode on `browser`'s cookie jar, with a fresh memory store. */
function tab(browser: ReturnType<typeof cookieJarFetch>, options: { credentials?: RequestInit['credentials'] } = {}) {
  const tokens = memoryTokenStore();
  const client = createApiClient({ baseUrl, tokens, refreshTokenCookie: true, fetch: browser.fetch, ...options });
  return { client, tokens };
}

async function signedUpBrowser() {
  const browser = cookieJarFetch();
  const first = tab(browser);
  const username = uniqueName();
  const { data } = await first.client.auth.register({ body: { username, password } });
  return { browser, first, user: data.user, username };
}

const refreshes = (browser: ReturnType<typeof cookieJarFetch>) =>
  browser.sent.filter((request) => request.path === '/api/auth/refresh-token');

describe('@showfloor/client with refreshTokenCookie: true', () => {
  it('keeps only the access token in memory; the refresh token is in the httpOnly cookie', async () => {
    const { browser, first } = await signedUpBrowser();
    const stored = first.tokens.get();
    expect(stored).toEqual({ accessToken: expect.any(String) });
    const cookie = browser.valueOf(cookieName);
    expect(cookie).toEqual(expect.any(String));
    expect(JSON.stringify(stored)).not.toContain(cookie);
    expect(browser.attributesOf(cookieName)).toMatchObject({ httpOnly: true, path: '/api/auth' });
    expect((await first.client.auth.me()).data.username).toBeDefined();
  });

  it('after a reload, a call that needs a token refreshes once through the cookie, posting {}', async () => {
    const { browser, user } = await signedUpBrowser();
    const oldCookie = browser.valueOf(cookieName);
    const reloaded = tab(browser);
    expect(reloaded.tokens.get()).toBeNull();

    const me = await reloaded.client.auth.me();
    expect(me.data.id).toBe(user.id);
    expect(refreshes(browser)).toHaveLength(1);
    expect(refreshes(browser)[0]).toMatchObject({ body: '{}', credentials: 'same-origin' });
    expect(refreshes(browser)[0]?.cookie).toContain(`${cookieName}=`);
    // Rotated: the jar holds the new cookie, the store the new access token only.
    expect(browser.valueOf(cookieName)).not.toBe(oldCookie);
    expect(reloaded.tokens.get()).toEqual({ accessToken: expect.any(String) });
  });

  it('the cookie goes only to /api/auth, never to the rest of the API', async () => {
    const { browser, first, user } = await signedUpBrowser();
    await first.client.users.get({ params: { userId: user.id } });
    const elsewhere = browser.sent.filter((request) => !request.path.startsWith('/api/auth/'));
    expect(elsewhere.length).toBeGreaterThan(0);
    expect(elsewhere.every((request) => request.cookie === undefined)).toBe(true);
  });

  it('a route where a token is optional goes anonymous when there is none (no refresh)', async () => {
    const { browser, user } = await signedUpBrowser();
    const reloaded = tab(browser);
    const anonymous = await reloaded.client.users.get({ params: { userId: user.id } });
    expect(refreshes(browser)).toHaveLength(0);
    expect(anonymous.data).not.toHaveProperty('email');

    // Once the page has refreshed (as it does at start), the same call is the owner's.
    expect(await reloaded.client.refreshAccessToken()).toEqual(expect.any(String));
    const own = await reloaded.client.users.get({ params: { userId: user.id } });
    expect(own.data).toHaveProperty('email');
  });

  it('refreshes once however many calls need it at the same moment', async () => {
    const { browser, user } = await signedUpBrowser();
    const reloaded = tab(browser);
    const answers = await Promise.all(Array.from({ length: 6 }, () => reloaded.client.auth.me()));
    expect(answers.every((answer) => answer.data.id === user.id)).toBe(true);
    expect(refreshes(browser)).toHaveLength(1);
  });

  it('a refused access token is refreshed through the cookie and the call repeated', async () => {
    const { browser, first, user } = await signedUpBrowser();
    first.tokens.set({ accessToken: 'not-a-valid-token' });
    expect((await first.client.auth.me()).data.id).toBe(user.id);
    expect(refreshes(browser)).toHaveLength(1);
  });

  it('logout forgets the access token and the cookie: the next call that needs one is 401', async () => {
    const { browser, first } = await signedUpBrowser();
    await first.client.auth.logout();
    expect(first.tokens.get()).toBeNull();
    expect(browser.valueOf(cookieName)).toBeUndefined();

    const reloaded = tab(browser);
    expect(await reloaded.client.refreshAccessToken()).toBeNull();
    const error = await reloaded.client.auth.me().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('a page whose cookie was refused (here: reused elsewhere) ends up signed out', async () => {
    const { browser, first } = await signedUpBrowser();
    const stolen = cookieJarFetch();
    // Another party spends the same refresh token first: the login's family is revoked.
    const spent = await stolen.fetch(`${baseUrl}/api/auth/refresh-token`, {
      method: 'POST',
      headers: { cookie: `${cookieName}=${browser.valueOf(cookieName)}` },
    });
    expect(spent.status).toBe(200);
    first.tokens.set(null);
    expect(await first.client.refreshAccessToken()).toBeNull();
    expect(browser.valueOf(cookieName)).toBeUndefined();
  });

  it('sends credentials as configured: include for an API on another origin', async () => {
    const browser = cookieJarFetch();
    const crossOrigin = tab(browser, { credentials: 'include' });
    await crossOrigin.client.auth.login({ body: { username: (await signedUpBrowser()).username, password } });
    expect(browser.sent.at(-1)?.credentials).toBe('include');
    expect(browser.valueOf(cookieName)).toEqual(expect.any(String));
  });

  it('body mode is unchanged: both tokens are stored and refresh sends the stored one', async () => {
    const { username } = await signedUpBrowser();
    const tokens = memoryTokenStore();
    const browser = cookieJarFetch();
    const client = createApiClient({ baseUrl, tokens, fetch: browser.fetch });
    await client.auth.login({ body: { username, password } });
    const refreshToken = tokens.get()?.refreshToken;
    expect(refreshToken).toEqual(expect.any(String));
    expect(browser.sent.at(-1)?.credentials).toBeUndefined();
    await client.refreshAccessToken();
    expect(JSON.parse(refreshes(browser)[0]?.body ?? '{}')).toEqual({ refreshToken });
  });
});
