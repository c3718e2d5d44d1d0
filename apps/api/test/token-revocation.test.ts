import { createLogger } from '@showfloor/server-kit';
import { testApiConfig, waitFor } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type SignedInUser, signedInUser, testPassword } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

/**
 * Issue 10, item 11: removing a privilege (a role, a login, a password, the account) must take
 * effect on the very next request, not when the 15-minute access token happens to expire.
 */
let api: TestApi;
let admin: SignedInUser;
beforeAll(async () => {
  // A long cache: every refusal below comes from the eviction the change itself made, not from expiry.
  api = await startTestApi({ TOKEN_STATE_CACHE_MS: '60000' });
  admin = await signedInUser(api, 'admin');
});
afterAll(() => api.close());

type Headers = Record<string, string>;
const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Headers = {}, payload?: object) =>
  api.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const product = { name: 'Ring light', price: 19.5 };

function expectSessionEnded(response: Awaited<ReturnType<typeof inject>>): void {
  expect(response.statusCode, response.body).toBe(401);
  const { error } = response.json();
  expect(error.code).toBe('unauthorized');
  expect(error.message).toMatch(/session has ended/i);
  expect(error.message).toMatch(/sign in/i);
}

describe('a role change', () => {
  it("ends a demoted creator's token: it no longer creates products", async () => {
    const creator = await signedInUser(api, 'creator');
    expect((await inject('POST', '/api/products', creator.headers, product)).statusCode).toBe(201);
    const demoted = await inject('PUT', `/api/users/${creator.id}`, admin.headers, { role: 'user' });
    expect(demoted.statusCode).toBe(200);
    expectSessionEnded(await inject('POST', '/api/products', creator.headers, product));
    expect(await api.db.prisma.product.count({ where: { sellerId: creator.id } })).toBe(1);
  });

  it("ends a demoted admin's token: they no longer edit users", async () => {
    const formerAdmin = await signedInUser(api, 'admin');
    const victim = await signedInUser(api, 'user');
    await inject('PUT', `/api/users/${formerAdmin.id}`, admin.headers, { role: 'user' });
    expectSessionEnded(await inject('PUT', `/api/users/${victim.id}`, formerAdmin.headers, { name: 'Renamed' }));
    expect((await api.db.prisma.user.findUniqueOrThrow({ where: { id: victim.id } })).name).not.toBe('Renamed');
  });

  it('refresh issues a token with the current role, which works within that role', async () => {
    const creator = await signedInUser(api, 'creator');
    await inject('PUT', `/api/users/${creator.id}`, admin.headers, { role: 'user' });
    const refreshed = await inject('POST', '/api/auth/refresh-token', {}, { refreshToken: creator.refreshToken });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    const { accessToken, user } = refreshed.json().data;
    expect(user.role).toBe('user');
    expect((await inject('GET', '/api/auth/me', bearer(accessToken))).json().data.role).toBe('user');
    const create = await inject('POST', '/api/products', bearer(accessToken), product);
    expect(create.statusCode).toBe(403);
  });

  it('leaves other users alone', async () => {
    const bystander = await signedInUser(api, 'creator');
    const creator = await signedInUser(api, 'creator');
    await inject('PUT', `/api/users/${creator.id}`, admin.headers, { role: 'user' });
    expect((await inject('POST', '/api/products', bystander.headers, product)).statusCode).toBe(201);
  });

  it('setting the role a user already has (a full-form save) keeps their token', async () => {
    const creator = await signedInUser(api, 'creator');
    await inject('PUT', `/api/users/${creator.id}`, admin.headers, { role: 'creator', name: 'Same role' });
    expect((await inject('POST', '/api/products', creator.headers, product)).statusCode).toBe(201);
  });

  it('a profile edit that is not a role change keeps the token', async () => {
    const creator = await signedInUser(api, 'creator');
    await inject('PUT', `/api/users/${creator.id}`, admin.headers, { name: 'Still a creator' });
    expect((await inject('POST', '/api/products', creator.headers, product)).statusCode).toBe(201);
  });
});

describe('logout', () => {
  it('ends that login’s access token at once, and only that login', async () => {
    const user = await signedInUser(api);
    const otherDevice = (
      await inject('POST', '/api/auth/login', {}, { username: user.username, password: testPassword })
    ).json().data;
    expect((await inject('GET', '/api/auth/me', user.headers)).statusCode).toBe(200);
    expect((await inject('POST', '/api/auth/logout', user.headers)).statusCode).toBe(200);
    expectSessionEnded(await inject('GET', '/api/auth/me', user.headers));
    expectSessionEnded(await inject('GET', `/api/users/${admin.id}`, user.headers));
    expect((await inject('GET', '/api/auth/me', bearer(otherDevice.accessToken))).statusCode).toBe(200);
  });
});

describe('a password change', () => {
  it("by the owner ends every access token of theirs, the changer's too; the changer's refresh token still works", async () => {
    const user = await signedInUser(api);
    const otherDevice = (
      await inject('POST', '/api/auth/login', {}, { username: user.username, password: testPassword })
    ).json().data;
    const changed = await inject('POST', '/api/auth/update', user.headers, {
      password: 'a brand new password',
      currentPassword: testPassword,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expectSessionEnded(await inject('GET', '/api/auth/me', bearer(otherDevice.accessToken)));
    expectSessionEnded(await inject('GET', '/api/auth/me', user.headers));
    // The changer refreshes without typing the password again; the other device must sign in.
    const refreshed = await inject('POST', '/api/auth/refresh-token', {}, { refreshToken: user.refreshToken });
    expect(refreshed.statusCode).toBe(200);
    expect((await inject('GET', '/api/auth/me', bearer(refreshed.json().data.accessToken))).statusCode).toBe(200);
    const other = await inject('POST', '/api/auth/refresh-token', {}, { refreshToken: otherDevice.refreshToken });
    expect(other.statusCode).toBe(401);
  });

  it("by an admin (a reset) ends every access token of the user's", async () => {
    const user = await signedInUser(api);
    const reset = await inject('PUT', `/api/users/${user.id}`, admin.headers, { password: 'reset by the admin' });
    expect(reset.statusCode, reset.body).toBe(200);
    expectSessionEnded(await inject('GET', '/api/auth/me', user.headers));
    expect((await inject('GET', '/api/auth/me', admin.headers)).statusCode).toBe(200);
  });
});

describe('deleting an account', () => {
  it("ends the deleted user's token, even on routes that do not look the caller up", async () => {
    const user = await signedInUser(api);
    expect((await inject('DELETE', `/api/users/${user.id}`, admin.headers)).statusCode).toBe(200);
    expectSessionEnded(await inject('GET', `/api/users/${admin.id}`, user.headers));
    expectSessionEnded(await inject('GET', '/api/users', user.headers));
  });
});

describe('several API instances', () => {
  it('a change made on one instance reaches another within its TOKEN_STATE_CACHE_MS', async () => {
    // A second instance on the same database, as in production: it cannot see the first one's evictions.
    const other = await buildApp({
      config: testApiConfig(api.db.url, { TOKEN_STATE_CACHE_MS: '300' }),
      prisma: api.db.prisma,
      logger: createLogger({ name: 'api-test-2', level: 'silent' }),
    });
    try {
      const creator = await signedInUser(api, 'creator');
      const onOther = (payload?: object) =>
        other.inject({
          method: 'POST',
          url: '/api/products',
          headers: creator.headers,
          ...(payload ? { payload } : {}),
        });
      expect((await onOther(product)).statusCode).toBe(201);
      await inject('PUT', `/api/users/${creator.id}`, admin.headers, { role: 'user' });
      await waitFor(async () => (await onOther(product)).statusCode === 401, {
        timeoutMs: 5_000,
        what: 'the other instance to refuse the demoted token',
      });
    } finally {
      await other.close();
    }
  });
});
