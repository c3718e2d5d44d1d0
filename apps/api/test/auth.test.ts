import { createHmac } from 'node:crypto';
import { accessTokenAudience, accessTokenIssuer } from '@showfloor/access-tokens';
import { testSecrets } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser, testPassword } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ BODY_LIMIT_BYTES: '4096' });
});
afterAll(() => api.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  api.app.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string, headers: Record<string, string> = {}) => api.app.inject({ method: 'GET', url, headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${counter++}`;

describe('POST /api/auth/register', () => {
  it('creates a user and signs them in, under both token names', async () => {
    const email = `${unique('Reg')}@Example.test`;
    const response = await post('/api/auth/register', {
      name: 'Ann',
      email,
      password: 'password123',
      age: 28,
      gender: 'Female',
    });
    expect(response.statusCode).toBe(201);
    const { data } = response.json();
    expect(data.user).toMatchObject({
      name: 'Ann',
      email: email.toLowerCase(),
      role: 'user',
      age: 28,
      gender: 'Female',
    });
    expect(data.accessToken).toBe(data.token);
    expect(data.refreshToken).toEqual(expect.any(String));
    expect(response.body).not.toMatch(/passwordHash|password_hash|\$argon2/);
    const stored = await api.db.prisma.user.findUniqueOrThrow({ where: { id: data.user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$/);
    expect(stored.passwordHash).toContain('m=19456');
    expect(stored.passwordHash).toContain('t=2');
    expect(stored.passwordHash).toContain('p=1');
  });

  it('accepts a username alone (seed 004) and the creator role', async () => {
    const username = unique('seller_');
    const response = await post('/api/auth/register', { username, password: 'password123', role: 'creator' });
    expect(response.statusCode).toBe(201);
    expect(response.json().data.user).toMatchObject({ username, role: 'creator', email: null });
  });

  it.each(['admin', 'moderator'])('refuses to self-assign %s: 400 naming role, nothing written', async (role) => {
    const email = `${unique('esc')}@example.test`;
    const response = await post('/api/auth/register', { email, password: 'password123', role });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toContainEqual(expect.objectContaining({ field: 'role' }));
    expect(await api.db.prisma.user.count({ where: { email } })).toBe(0);
  });

  it('answers 409 for a taken email or username, whatever the case', async () => {
    const email = `${unique('dup')}@example.test`;
    const username = unique('dup_');
    expect((await post('/api/auth/register', { email, username, password: 'password123' })).statusCode).toBe(201);
    const sameEmail = await post('/api/auth/register', { email: email.toUpperCase(), password: 'password123' });
    expect(sameEmail.statusCode).toBe(409);
    expect(sameEmail.json().error.details[0].field).toBe('email');
    const sameUsername = await post('/api/auth/register', {
      username: username.toUpperCase(),
      password: 'password123',
    });
    expect(sameUsername.statusCode).toBe(409);
    expect(sameUsername.json().error.details[0].field).toBe('username');
  });

  const badBodies: [string, object, string][] = [
    ['short password', { password: 'short' }, 'password'],
    ['oversized password', { password: 'x'.repeat(129) }, 'password'],
    ['no email or username', { password: 'password123', omitIdentity: true }, 'email'],
    ['bad email', { email: 'nope', password: 'password123' }, 'email'],
    ['gender outside the list', { gender: 'Robot' }, 'gender'],
    ['age 0', { age: 0 }, 'age'],
    ['age 121', { age: 121 }, 'age'],
    ['age as text', { age: '30' }, 'age'],
    ['unknown field', { isAdmin: true }, 'isAdmin'],
    ['name too long', { name: 'n'.repeat(121) }, 'name'],
  ];
  it.each(badBodies)('%s → 400 naming the field, nothing written', async (_name, overrides, field) => {
    const email = `${unique('bad')}@example.test`;
    const { omitIdentity, ...rest } = overrides as { omitIdentity?: boolean };
    const body = { ...(omitIdentity ? {} : { email }), password: 'password123', ...rest };
    const response = await post('/api/auth/register', body);
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('validation_failed');
    if (field) expect(error.details.map((detail: { field: string }) => detail.field)).toContain(field);
    expect(await api.db.prisma.user.count({ where: { email } })).toBe(0);
  });

  it('refuses malformed JSON and oversized bodies', async () => {
    const malformed = await api.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(malformed.statusCode).toBe(400);
    const huge = await post('/api/auth/register', { email: 'a@b.co', password: 'x'.repeat(5000) });
    expect(huge.statusCode).toBe(413);
  });
});

describe('POST /api/auth/login', () => {
  it('signs in by email (any case) or username', async () => {
    const user = await signedInUser(api, 'creator');
    const byEmail = await post('/api/auth/login', { email: user.email.toUpperCase(), password: testPassword });
    expect(byEmail.statusCode).toBe(200);
    expect(byEmail.json()).toMatchObject({
      success: true,
      message: 'Login successful',
      data: { user: { id: user.id } },
    });
    const byUsername = await post('/api/auth/login', { username: user.username, password: testPassword });
    expect(byUsername.json().data.user.id).toBe(user.id);
  });

  it('gives one generic 401 for a wrong password and for an unknown user', async () => {
    const user = await signedInUser(api);
    const wrongPassword = await post('/api/auth/login', { email: user.email, password: 'wrong password' });
    const unknownUser = await post('/api/auth/login', {
      email: `${unique('ghost')}@example.test`,
      password: 'wrong password',
    });
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownUser.statusCode).toBe(401);
    expect(wrongPassword.json()).toEqual(unknownUser.json());
  });
});

// Login throttling (per address + account, per address, the per-account slow-down): login-throttle.test.ts.

describe('refresh tokens', () => {
  it('rotate on every use: the new pair works, the old refresh token does not', async () => {
    const user = await signedInUser(api);
    const first = await post('/api/auth/refresh-token', { refreshToken: user.refreshToken });
    expect(first.statusCode).toBe(200);
    const rotated = first.json().data;
    expect(rotated.refreshToken).not.toBe(user.refreshToken);
    expect((await get('/api/auth/me', bearer(rotated.accessToken))).statusCode).toBe(200);
    const second = await post('/api/auth/refresh-token', { refreshToken: rotated.refreshToken });
    expect(second.statusCode).toBe(200);
  });

  it('replaying a used token revokes the whole family: the newest token stops working too', async () => {
    const user = await signedInUser(api);
    const rotated = (await post('/api/auth/refresh-token', { refreshToken: user.refreshToken })).json().data;
    const replay = await post('/api/auth/refresh-token', { refreshToken: user.refreshToken });
    expect(replay.statusCode).toBe(401);
    const newest = await post('/api/auth/refresh-token', { refreshToken: rotated.refreshToken });
    expect(newest.statusCode).toBe(401);
  });

  it('of two concurrent refreshes with one token, at most one succeeds', async () => {
    const user = await signedInUser(api);
    const responses = await Promise.all(
      [1, 2].map(() => post('/api/auth/refresh-token', { refreshToken: user.refreshToken })),
    );
    expect(responses.filter((response) => response.statusCode === 200).length).toBeLessThanOrEqual(1);
  });

  it('logout revokes the family: a later refresh is 401', async () => {
    const user = await signedInUser(api);
    expect((await post('/api/auth/logout', {}, user.headers)).statusCode).toBe(200);
    expect((await post('/api/auth/refresh-token', { refreshToken: user.refreshToken })).statusCode).toBe(401);
  });

  it('an unknown refresh token is 401', async () => {
    expect((await post('/api/auth/refresh-token', { refreshToken: 'x'.repeat(43) })).statusCode).toBe(401);
  });
});

describe('access token lifetime', () => {
  it('a login’s access token lasts ACCESS_TOKEN_TTL_SECONDS (900 s here), as its expiresIn says', async () => {
    const user = await signedInUser(api);
    const response = await post('/api/auth/login', { username: user.username, password: testPassword });
    const { accessToken, expiresIn } = response.json().data;
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString());
    expect(expiresIn).toBe(900);
    expect(claims.exp - claims.iat).toBe(900);
  });
});

describe('access tokens on requests', () => {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claimsFor = (userId: string, overrides: object = {}) => ({
    sub: userId,
    role: 'user',
    sid: '00000000-0000-4000-8000-000000000000',
    iss: accessTokenIssuer,
    aud: accessTokenAudience,
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 600,
    ...overrides,
  });
  const signHs256 = (claims: object, secret = testSecrets.jwtSecret, alg = 'HS256', hmac = 'sha256') => {
    const unsigned = `${encode({ alg, typ: 'JWT' })}.${encode(claims)}`;
    return `${unsigned}.${createHmac(hmac, secret).update(unsigned).digest('base64url')}`;
  };

  it('a correctly made token is accepted (so each refusal below is for its own reason)', async () => {
    const user = await signedInUser(api);
    expect((await get('/api/auth/me', bearer(signHs256(claimsFor(user.id))))).statusCode).toBe(200);
  });

  const badTokens: [string, (userId: string) => string][] = [
    ['alg none', (id) => `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claimsFor(id))}.`],
    ['HS512', (id) => signHs256(claimsFor(id), testSecrets.jwtSecret, 'HS512', 'sha512')],
    ['a bad signature', (id) => signHs256(claimsFor(id), 'another-secret-another-secret-another')],
    ['expired', (id) => signHs256(claimsFor(id, { iat: 1, exp: 2 }))],
    ['the wrong audience', (id) => signHs256(claimsFor(id, { aud: 'elsewhere' }))],
  ];
  it.each(badTokens)('%s → 401', async (_name, make) => {
    const user = await signedInUser(api);
    const response = await get('/api/auth/me', bearer(make(user.id)));
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthorized');
  });

  it('no token → 401 on /currentUser, and a malformed header is refused rather than ignored', async () => {
    expect((await get('/api/auth/currentUser')).statusCode).toBe(401);
    expect((await get('/api/auth/me', { authorization: 'Token abc' })).statusCode).toBe(401);
  });
});

describe('GET /currentUser, /me and POST /update', () => {
  it('returns the caller with private fields on both paths', async () => {
    const user = await signedInUser(api);
    for (const path of ['/api/auth/currentUser', '/api/auth/me']) {
      const response = await get(path, user.headers);
      expect(response.json().data).toMatchObject({ id: user.id, email: user.email, age: 30, gender: 'Other' });
    }
  });

  it('updates the profile but never the role', async () => {
    const user = await signedInUser(api);
    const updated = await post('/api/auth/update', { name: 'New Name', age: 44 }, user.headers);
    expect(updated.json().data).toMatchObject({ name: 'New Name', age: 44 });
    const escalate = await post('/api/auth/update', { role: 'admin' }, user.headers);
    expect(escalate.statusCode).toBe(400);
    expect((await api.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe('user');
  });

  it('changes the password only with the current one, then ends other logins', async () => {
    const user = await signedInUser(api);
    const otherLogin = (await post('/api/auth/login', { username: user.username, password: testPassword })).json().data;
    const withoutCurrent = await post('/api/auth/update', { password: 'brand new password' }, user.headers);
    expect(withoutCurrent.statusCode).toBe(400);
    expect(withoutCurrent.json().error.details[0].field).toBe('currentPassword');
    const wrongCurrent = await post(
      '/api/auth/update',
      { password: 'brand new password', currentPassword: 'nope nope' },
      user.headers,
    );
    expect(wrongCurrent.statusCode).toBe(400);
    const changed = await post(
      '/api/auth/update',
      { password: 'brand new password', currentPassword: testPassword },
      user.headers,
    );
    expect(changed.statusCode).toBe(200);
    expect((await post('/api/auth/login', { username: user.username, password: testPassword })).statusCode).toBe(401);
    expect(
      (await post('/api/auth/login', { username: user.username, password: 'brand new password' })).statusCode,
    ).toBe(200);
    expect((await post('/api/auth/refresh-token', { refreshToken: otherLogin.refreshToken })).statusCode).toBe(401);
    expect((await post('/api/auth/refresh-token', { refreshToken: user.refreshToken })).statusCode).toBe(200);
  });
});

describe('everywhere', () => {
  it('serves the OpenAPI document generated from the zod schemas', async () => {
    const document = (await get('/docs/json')).json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/auth/register']));
    expect(
      document.paths['/api/auth/register'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('password');
    expect((await get('/docs')).statusCode).toBeLessThan(400);
  });

  it('sends security headers', async () => {
    const response = await get('/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeDefined();
  });
});

describe('authorization matrix of /api/auth (routes about "me": no other owner exists)', () => {
  const routes: [method: 'GET' | 'POST', url: string, body?: object][] = [
    ['GET', '/api/auth/currentUser'],
    ['GET', '/api/auth/me'],
    ['POST', '/api/auth/update', { name: 'Matrix' }],
    ['POST', '/api/auth/logout', {}],
  ];
  it.each(routes)(
    '%s %s: anonymous 401; user, creator, moderator and admin 200 on themselves',
    async (method, url, body) => {
      const call = (headers: Record<string, string>) =>
        api.app.inject({ method, url, headers, ...(body ? { payload: body } : {}) });
      expect((await call({})).statusCode).toBe(401);
      for (const role of ['user', 'creator', 'moderator', 'admin'] as const) {
        const caller = await signedInUser(api, role);
        const response = await call(caller.headers);
        expect(response.statusCode).toBe(200);
        if (url !== '/api/auth/logout') expect(response.json().data.id).toBe(caller.id);
      }
    },
  );
});
