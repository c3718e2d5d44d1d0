import { randomUUID } from 'node:crypto';
import { createSession, createUser } from '@showfloor/testing';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signedInUser, testPassword } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

const publicKeys = ['createdAt', 'id', 'name', 'role', 'updatedAt', 'username'];
const privateKeys = ['age', 'email', 'gender', 'timeZone'];
const ownKeys = [...publicKeys, ...privateKeys].sort();

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Actor = 'anonymous' | 'another user' | 'owner' | 'admin';
type ErrorDetail = { field: string; message: string };

/** Password hashes (real argon2 ones and the factory's placeholder) must never appear in a response. */
function expectNoSecrets(response: LightMyRequestResponse) {
  expect(response.body).not.toMatch(/passwordHash|password_hash|\$argon2|not-a-real-hash/);
}

/** A 400 whose message and details name `field` (unknown keys are named in the message only). */
function expectBadField(response: LightMyRequestResponse, field: string) {
  expect(response.statusCode, response.body).toBe(400);
  const { error } = response.json();
  expect(error.code).toBe('validation_failed');
  expect(error.message).toContain(field);
  expect(
    error.details.some((detail: ErrorDetail) => detail.field === field || detail.message.includes(`"${field}"`)),
  ).toBe(true);
}

describe('/api/users', () => {
  let api: TestApi;
  let admin: SignedInUser;
  let alice: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    api = await startTestApi();
    [admin, alice, bob] = await Promise.all([
      signedInUser(api, 'admin'),
      signedInUser(api, 'user'),
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

  const findUser = (id: string) => api.db.prisma.user.findUnique({ where: { id } });
  const userCount = () => api.db.prisma.user.count();

  describe('GET /', () => {
    it('pages through users newest first with total, limit, offset and hasMore', async () => {
      const total = await userCount();
      expect(total).toBeGreaterThanOrEqual(3);
      const newestFirst = await api.db.prisma.user.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });

      const first = await send('GET', '/api/users?limit=2');
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ success: true, meta: { total, limit: 2, offset: 0, hasMore: true } });
      expect(first.json().data.map((user: { id: string }) => user.id)).toEqual(
        newestFirst.slice(0, 2).map((u) => u.id),
      );

      const second = await send('GET', '/api/users?limit=2&offset=2');
      expect(second.json().data.map((user: { id: string }) => user.id)).toEqual(
        newestFirst.slice(2, 4).map((u) => u.id),
      );
      expect(second.json().meta).toEqual({ total, limit: 2, offset: 2, hasMore: total > 4 });

      const pastTheEnd = await send('GET', `/api/users?offset=${total}`);
      expect(pastTheEnd.json()).toMatchObject({ data: [], meta: { total, offset: total, hasMore: false } });

      const defaults = await send('GET', '/api/users');
      expect(defaults.json().meta).toEqual({ total, limit: 20, offset: 0, hasMore: total > 20 });

      const largest = await send('GET', '/api/users?limit=100');
      expect(largest.statusCode).toBe(200);
      expect(largest.json().data).toHaveLength(Math.min(total, 100));
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=ten', 'limit'],
      ['offset=-1', 'offset'],
    ])('rejects ?%s with a 400 naming %s', async (query, field) => {
      expectBadField(await send('GET', `/api/users?${query}`), field);
    });

    it('shows other people only public fields, callers their own private fields, admins everything', async () => {
      const listAs = async (caller?: SignedInUser) => {
        const response = await send('GET', '/api/users?limit=100', { as: caller });
        expect(response.statusCode).toBe(200);
        expectNoSecrets(response);
        return new Map<string, Record<string, unknown>>(
          response.json().data.map((user: Record<string, unknown>) => [user.id, user]),
        );
      };

      const anonymousView = await listAs();
      for (const user of anonymousView.values()) expect(Object.keys(user).sort()).toEqual(publicKeys);

      const aliceView = await listAs(alice);
      expect(aliceView.get(alice.id)).toMatchObject({ email: alice.email, age: 30, gender: 'Other' });
      expect(Object.keys(aliceView.get(bob.id) ?? {}).sort()).toEqual(publicKeys);

      const adminView = await listAs(admin);
      expect(adminView.get(bob.id)).toMatchObject({ email: bob.email, age: 30, gender: 'Other' });
    });
  });

  describe('GET /:userId', () => {
    it('returns public fields to anyone and private ones to the user and admins', async () => {
      const anonymous = await send('GET', `/api/users/${alice.id}`);
      expect(anonymous.statusCode).toBe(200);
      expect(Object.keys(anonymous.json().data).sort()).toEqual(publicKeys);
      expect(anonymous.json().data).toMatchObject({ id: alice.id, username: alice.username, role: 'user' });
      expectNoSecrets(anonymous);

      const another = await send('GET', `/api/users/${alice.id}`, { as: bob });
      expect(Object.keys(another.json().data).sort()).toEqual(publicKeys);

      for (const caller of [alice, admin]) {
        const response = await send('GET', `/api/users/${alice.id}`, { as: caller });
        expect(Object.keys(response.json().data).sort()).toEqual(ownKeys);
        expect(response.json().data).toMatchObject({ email: alice.email, age: 30, gender: 'Other' });
        expectNoSecrets(response);
      }
    });

    it('answers 404 for an unknown id and 400 naming `userId` for a malformed one', async () => {
      const unknown = await send('GET', `/api/users/${randomUUID()}`);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error).toEqual({ code: 'not_found', message: 'User not found' });

      expectBadField(await send('GET', '/api/users/not-a-uuid'), 'userId');
    });
  });

  describe('GET /live', () => {
    it('lists each user with a live session once, newest start first, with that session', async () => {
      const { prisma } = api.db;
      const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
      const [longRunning, justStarted, notYetLive] = await Promise.all([
        createUser(prisma, { role: 'creator', age: 41, gender: 'Female' }),
        createUser(prisma, { role: 'creator' }),
        createUser(prisma, { role: 'creator' }),
      ]);
      const olderSession = await createSession(prisma, {
        creatorId: longRunning.id,
        title: 'Late night unboxing',
        description: 'Opening mystery boxes',
        category: 'tech',
        tags: ['unboxing', 'gadgets'],
        agoraChannelName: 'channel-older',
        startedAt: minutesAgo(60),
      });
      // A second live session of the same creator, started earlier still: it must not repeat them.
      await createSession(prisma, { creatorId: longRunning.id, startedAt: minutesAgo(120) });
      const newerSession = await createSession(prisma, {
        creatorId: justStarted.id,
        title: 'Spring fashion haul',
        category: 'fashion',
        agoraChannelName: 'channel-newer',
        startedAt: minutesAgo(5),
      });
      await createSession(prisma, { creatorId: notYetLive.id, status: 'scheduled', startedAt: null });

      const response = await send('GET', '/api/users/live');
      expect(response.statusCode).toBe(200);
      expectNoSecrets(response);
      const body = response.json();
      expect(body.success).toBe(true);
      expect(body.meta).toEqual({ count: 2 });
      expect(body.data.map((user: { id: string }) => user.id)).toEqual([justStarted.id, longRunning.id]);
      expect(body.data[0].liveSession).toEqual({
        id: newerSession.id,
        title: 'Spring fashion haul',
        description: null,
        category: 'fashion',
        tags: [],
        status: 'live',
        startedAt: newerSession.startedAt?.toISOString(),
        agoraChannelName: 'channel-newer',
      });
      expect(body.data[1].liveSession).toMatchObject({
        id: olderSession.id,
        description: 'Opening mystery boxes',
        tags: ['unboxing', 'gadgets'],
      });
      for (const user of body.data) expect(Object.keys(user).sort()).toEqual([...publicKeys, 'liveSession'].sort());

      const asAdmin = await send('GET', '/api/users/live', { as: admin });
      expect(asAdmin.json().data[1]).toMatchObject({ email: longRunning.email, age: 41, gender: 'Female' });
    });
  });

  describe('POST /', () => {
    it('lets an admin create a user of any role who can then sign in', async () => {
      const suffix = randomUUID().slice(0, 8);
      const response = await send('POST', '/api/users', {
        as: admin,
        payload: {
          email: `New.Mod-${suffix}@Example.TEST`,
          name: 'New Mod',
          password: 'moderate things',
          role: 'moderator',
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      expectNoSecrets(response);
      const created = response.json().data;
      expect(created).toMatchObject({
        email: `new.mod-${suffix}@example.test`,
        username: null,
        name: 'New Mod',
        role: 'moderator',
      });
      expect((await findUser(created.id))?.passwordHash).toMatch(/^\$argon2id\$/);

      const login = await send('POST', '/api/auth/login', {
        payload: { email: `NEW.MOD-${suffix}@example.test`, password: 'moderate things' },
      });
      expect(login.statusCode).toBe(200);
      expect(login.json().data.user).toMatchObject({ id: created.id, role: 'moderator' });

      const withUsernameOnly = await send('POST', '/api/users', {
        as: admin,
        payload: { username: `Admin_${suffix}`, password: 'administer things', role: 'admin', age: 50, gender: 'Male' },
      });
      expect(withUsernameOnly.statusCode).toBe(201);
      expect(withUsernameOnly.json().data).toMatchObject({ username: `admin_${suffix}`, email: null, role: 'admin' });
    });

    it('answers 409 naming the field for an email or username taken in any letter case', async () => {
      const before = await userCount();
      const sameEmail = await send('POST', '/api/users', {
        as: admin,
        payload: { email: alice.email.toUpperCase(), password: 'long enough' },
      });
      expect(sameEmail.statusCode).toBe(409);
      expect(sameEmail.json().error).toMatchObject({ code: 'conflict', details: [{ field: 'email' }] });

      const sameUsername = await send('POST', '/api/users', {
        as: admin,
        payload: { username: bob.username.toUpperCase(), password: 'long enough' },
      });
      expect(sameUsername.statusCode).toBe(409);
      expect(sameUsername.json().error).toMatchObject({ code: 'conflict', details: [{ field: 'username' }] });
      expect(await userCount()).toBe(before);
    });

    it('refuses anonymous callers (401) and non-admins (403), writing nothing', async () => {
      const creator = await signedInUser(api, 'creator');
      const before = await userCount();
      const payload = { username: `sneaky_${randomUUID().slice(0, 8)}`, password: 'long enough', role: 'admin' };
      expect((await send('POST', '/api/users', { payload })).statusCode).toBe(401);
      expect((await send('POST', '/api/users', { as: alice, payload })).statusCode).toBe(403);
      expect((await send('POST', '/api/users', { as: creator, payload })).statusCode).toBe(403);
      expect(await userCount()).toBe(before);
      expect(await api.db.prisma.user.findUnique({ where: { username: payload.username } })).toBeNull();
    });

    const password = 'long enough';
    it.each([
      ['a password of the wrong type', { username: 'typed_pw', password: 12345678 }, 'password'],
      ['no password', { username: 'no_pw' }, 'password'],
      ['neither email nor username', { name: 'Nobody', password }, 'email'],
      ['an age given as a string', { username: 'str_age', password, age: '30' }, 'age'],
      ['an age over 120', { username: 'old_age', password, age: 121 }, 'age'],
      ['an unknown gender', { username: 'bad_gender', password, gender: 'male' }, 'gender'],
      ['an unknown role', { username: 'bad_role', password, role: 'superuser' }, 'role'],
      ['an oversize name', { username: 'long_name', password, name: 'n'.repeat(121) }, 'name'],
      ['an oversize password', { username: 'long_pw', password: 'p'.repeat(129) }, 'password'],
      ['an oversize email', { email: `${'e'.repeat(250)}@example.test`, password }, 'email'],
      ['an oversize username', { username: 'u'.repeat(65), password }, 'username'],
      ['a malformed email', { email: 'not-an-email', password }, 'email'],
      ['an unknown field', { username: 'mass_assign', password, passwordHash: 'x' }, 'passwordHash'],
      ['an id chosen by the caller', { username: 'own_id', password, id: randomUUID() }, 'id'],
    ])('answers 400 for %s, naming the field and writing nothing', async (_case, payload, field) => {
      const before = await userCount();
      expectBadField(await send('POST', '/api/users', { as: admin, payload }), field);
      expect(await userCount()).toBe(before);
    });

    it('answers 400 for malformed JSON', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        payload: '{"username": "half',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    });
  });

  describe('PUT /:userId', () => {
    it('lets users change their own profile', async () => {
      const owner = await signedInUser(api, 'user');
      const newEmail = `Renamed-${randomUUID().slice(0, 8)}@Example.test`;
      const response = await send('PUT', `/api/users/${owner.id}`, {
        as: owner,
        payload: { name: 'Renamed', email: newEmail, age: 44, gender: 'Female' },
      });
      expect(response.statusCode, response.body).toBe(200);
      expectNoSecrets(response);
      expect(response.json()).toMatchObject({
        success: true,
        data: { id: owner.id, name: 'Renamed', email: newEmail.toLowerCase(), age: 44, gender: 'Female', role: 'user' },
      });
      expect(await findUser(owner.id)).toMatchObject({ name: 'Renamed', email: newEmail.toLowerCase(), age: 44 });

      const cleared = await send('PUT', `/api/users/${owner.id}`, { as: owner, payload: { age: null, gender: null } });
      expect(cleared.json().data).toMatchObject({ age: null, gender: null });
    });

    it('refuses a role change from a non-admin (403) and writes nothing, not even the other fields', async () => {
      const owner = await signedInUser(api, 'user');
      const before = await findUser(owner.id);
      for (const role of ['admin', 'moderator', 'creator', 'user']) {
        const response = await send('PUT', `/api/users/${owner.id}`, {
          as: owner,
          payload: { name: 'Escalated', role },
        });
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
      }
      const creator = await signedInUser(api, 'creator');
      expect(
        (await send('PUT', `/api/users/${creator.id}`, { as: creator, payload: { role: 'admin' } })).statusCode,
      ).toBe(403);
      expect(await findUser(owner.id)).toEqual(before);
      expect((await findUser(creator.id))?.role).toBe('creator');
    });

    it('sends users who set their own password to POST /api/auth/update, admins included', async () => {
      for (const owner of [await signedInUser(api, 'user'), admin]) {
        const before = await findUser(owner.id);
        const response = await send('PUT', `/api/users/${owner.id}`, {
          as: owner,
          payload: { password: 'a whole new password' },
        });
        expect(response.statusCode).toBe(403);
        expect(response.json().error.message).toContain('POST /api/auth/update');
        expect((await findUser(owner.id))?.passwordHash).toBe(before?.passwordHash);
      }
    });

    it("refuses changes to another user's account (403) and anonymous callers (401)", async () => {
      const target = await signedInUser(api, 'user');
      const before = await findUser(target.id);
      for (const payload of [{ name: 'Hijacked' }, { role: 'admin' }, { password: 'taken over now' }]) {
        expect((await send('PUT', `/api/users/${target.id}`, { as: bob, payload })).statusCode).toBe(403);
        expect((await send('PUT', `/api/users/${target.id}`, { payload })).statusCode).toBe(401);
      }
      // Whether an account exists is not revealed to someone who may not change it.
      expect((await send('PUT', `/api/users/${randomUUID()}`, { as: bob, payload: { name: 'x' } })).statusCode).toBe(
        403,
      );
      // Authentication comes before the body is parsed.
      const malformed = await api.app.inject({
        method: 'PUT',
        url: `/api/users/${target.id}`,
        headers: { 'content-type': 'application/json' },
        payload: '{',
      });
      expect(malformed.statusCode).toBe(401);
      expect(await findUser(target.id)).toEqual(before);
    });

    it('lets an admin change a role', async () => {
      const target = await signedInUser(api, 'user');
      const response = await send('PUT', `/api/users/${target.id}`, { as: admin, payload: { role: 'creator' } });
      expect(response.statusCode).toBe(200);
      expect(response.json().data).toMatchObject({ id: target.id, role: 'creator', email: target.email });
      expect((await findUser(target.id))?.role).toBe('creator');

      // The promoted role shows up in the next tokens the user is issued.
      const refreshed = await send('POST', '/api/auth/refresh-token', {
        payload: { refreshToken: target.refreshToken },
      });
      expect(refreshed.json().data.user.role).toBe('creator');
    });

    it("lets an admin reset another user's password, ending that user's logins", async () => {
      const target = await signedInUser(api, 'user');
      const response = await send('PUT', `/api/users/${target.id}`, {
        as: admin,
        payload: { password: 'reset by the admin' },
      });
      expect(response.statusCode).toBe(200);
      expectNoSecrets(response);

      const withNew = await send('POST', '/api/auth/login', {
        payload: { username: target.username, password: 'reset by the admin' },
      });
      expect(withNew.statusCode).toBe(200);
      const withOld = await send('POST', '/api/auth/login', {
        payload: { username: target.username, password: testPassword },
      });
      expect(withOld.statusCode).toBe(401);
      const oldRefresh = await send('POST', '/api/auth/refresh-token', {
        payload: { refreshToken: target.refreshToken },
      });
      expect(oldRefresh.statusCode).toBe(401);
      // The admin's own login is untouched.
      expect((await send('GET', '/api/auth/me', { as: admin })).statusCode).toBe(200);
    });

    it('answers 409 naming the field when the new email or username is taken', async () => {
      const owner = await signedInUser(api, 'user');
      const before = await findUser(owner.id);
      const email = await send('PUT', `/api/users/${owner.id}`, {
        as: owner,
        payload: { email: bob.email.toUpperCase() },
      });
      expect(email.statusCode).toBe(409);
      expect(email.json().error.details).toEqual([{ field: 'email', message: 'already taken' }]);
      const username = await send('PUT', `/api/users/${owner.id}`, { as: owner, payload: { username: bob.username } });
      expect(username.statusCode).toBe(409);
      expect(username.json().error.details).toEqual([{ field: 'username', message: 'already taken' }]);
      expect(await findUser(owner.id)).toEqual(before);
    });

    it('answers 404 to an admin for an unknown id and 400 naming `userId` for a malformed one', async () => {
      expect((await send('PUT', `/api/users/${randomUUID()}`, { as: admin, payload: { name: 'x' } })).statusCode).toBe(
        404,
      );
      expect(
        (await send('PUT', `/api/users/${randomUUID()}`, { as: admin, payload: { password: 'reset nobody' } }))
          .statusCode,
      ).toBe(404);
      expectBadField(await send('PUT', '/api/users/42', { as: admin, payload: { name: 'x' } }), 'userId');
    });

    it.each([
      ['an age given as a string', { age: 'forty' }, 'age'],
      ['an empty name', { name: '' }, 'name'],
      ['an oversize name', { name: 'n'.repeat(121) }, 'name'],
      ['a malformed email', { email: 'nope' }, 'email'],
      ['a null email', { email: null }, 'email'],
      ['a username with spaces', { username: 'has spaces' }, 'username'],
      ['an unknown role', { role: 'root' }, 'role'],
      ['an unknown field', { name: 'Sneaky', passwordHash: 'x' }, 'passwordHash'],
      ['a caller-chosen id', { id: randomUUID() }, 'id'],
      ['a caller-chosen createdAt', { createdAt: '2020-01-01T00:00:00Z' }, 'createdAt'],
    ])('answers 400 for %s, naming the field and writing nothing', async (_case, payload, field) => {
      const before = await findUser(alice.id);
      expectBadField(await send('PUT', `/api/users/${alice.id}`, { as: admin, payload }), field);
      expect(await findUser(alice.id)).toEqual(before);
    });
  });

  describe('DELETE /:userId', () => {
    it('lets users delete themselves', async () => {
      const owner = await signedInUser(api, 'user');
      const response = await send('DELETE', `/api/users/${owner.id}`, { as: owner });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ success: true, message: 'User deleted', data: { id: owner.id } });
      expect(await findUser(owner.id)).toBeNull();
      expect((await send('GET', `/api/users/${owner.id}`)).statusCode).toBe(404);
    });

    it('lets an admin delete anyone, then answers 404', async () => {
      const target = await createUser(api.db.prisma);
      expect((await send('DELETE', `/api/users/${target.id}`, { as: admin })).statusCode).toBe(200);
      expect(await findUser(target.id)).toBeNull();
      const again = await send('DELETE', `/api/users/${target.id}`, { as: admin });
      expect(again.statusCode).toBe(404);
      expect(again.json().error.code).toBe('not_found');
    });

    it('refuses another user (403) and anonymous callers (401), deleting nothing', async () => {
      const target = await createUser(api.db.prisma);
      expect((await send('DELETE', `/api/users/${target.id}`, { as: bob })).statusCode).toBe(403);
      expect((await send('DELETE', `/api/users/${target.id}`)).statusCode).toBe(401);
      expect(await findUser(target.id)).not.toBeNull();
    });

    it('answers 400 naming `userId` for a malformed id', async () => {
      expectBadField(await send('DELETE', '/api/users/not-a-uuid', { as: admin }), 'userId');
    });
  });

  it('walks every route × {anonymous, another user, owner, admin}', async () => {
    const everyone = (status: number) => ({ anonymous: status, 'another user': status, owner: status, admin: status });
    const expected: Record<string, Record<Actor, number>> = {
      'GET /api/users': everyone(200),
      'GET /api/users/live': everyone(200),
      'GET /api/users/:userId': everyone(200),
      'POST /api/users': { anonymous: 401, 'another user': 403, owner: 403, admin: 201 },
      'PUT /api/users/:userId': { anonymous: 401, 'another user': 403, owner: 200, admin: 200 },
      'PUT /api/users/:userId { role }': { anonymous: 401, 'another user': 403, owner: 403, admin: 200 },
      'PUT /api/users/:userId { password }': { anonymous: 401, 'another user': 403, owner: 403, admin: 200 },
      'DELETE /api/users/:userId': { anonymous: 401, 'another user': 403, owner: 200, admin: 200 },
    };
    const requests: Record<string, (ownerId: string) => { method: Method; url: string; payload?: object }> = {
      'GET /api/users': () => ({ method: 'GET', url: '/api/users' }),
      'GET /api/users/live': () => ({ method: 'GET', url: '/api/users/live' }),
      'GET /api/users/:userId': (id) => ({ method: 'GET', url: `/api/users/${id}` }),
      'POST /api/users': () => ({
        method: 'POST',
        url: '/api/users',
        payload: { username: `matrix_${randomUUID().slice(0, 8)}`, password: 'long enough' },
      }),
      'PUT /api/users/:userId': (id) => ({ method: 'PUT', url: `/api/users/${id}`, payload: { name: 'Matrix' } }),
      'PUT /api/users/:userId { role }': (id) => ({
        method: 'PUT',
        url: `/api/users/${id}`,
        payload: { role: 'creator' },
      }),
      'PUT /api/users/:userId { password }': (id) => ({
        method: 'PUT',
        url: `/api/users/${id}`,
        payload: { password: 'matrix password' },
      }),
      'DELETE /api/users/:userId': (id) => ({ method: 'DELETE', url: `/api/users/${id}` }),
    };

    const actual: Record<string, Record<Actor, number>> = {};
    for (const [route, request] of Object.entries(requests)) {
      const row = {} as Record<Actor, number>;
      for (const actor of ['anonymous', 'another user', 'owner', 'admin'] as const) {
        // A fresh owner per cell, so a delete or role change in one cell cannot affect the next.
        const owner = await signedInUser(api, 'user');
        const caller = { anonymous: undefined, 'another user': bob, owner, admin }[actor];
        const { method, url, payload } = request(owner.id);
        const response = await send(method, url, { as: caller, ...(payload ? { payload } : {}) });
        expectNoSecrets(response);
        row[actor] = response.statusCode;
      }
      actual[route] = row;
    }
    expect(actual).toEqual(expected);
  });

  it('documents every route in OpenAPI with the users tag and bearer security on writes', async () => {
    const document = (await send('GET', '/docs/json')).json();
    const operations = [
      document.paths['/api/users/'].get,
      document.paths['/api/users/'].post,
      document.paths['/api/users/live'].get,
      document.paths['/api/users/{userId}'].get,
      document.paths['/api/users/{userId}'].put,
      document.paths['/api/users/{userId}'].delete,
    ];
    for (const operation of operations) {
      expect(operation.tags).toEqual(['users']);
      expect(operation.security).toContainEqual({ bearerAuth: [] });
      expect(Object.keys(operation.responses)).toContain(
        operation === document.paths['/api/users/'].post ? '201' : '200',
      );
    }
    expect(document.paths['/api/users/{userId}'].put.security).toEqual([{ bearerAuth: [] }]);
    expect(JSON.stringify(document.paths['/api/users/{userId}'])).not.toContain('passwordHash');
  });
});
