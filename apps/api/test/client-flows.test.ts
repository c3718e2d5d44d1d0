import type { AddressInfo } from 'node:net';
import { ApiError, type AuthTokens, createApiClient, memoryTokenStore } from '@showfloor/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningRealtime, startApiWithRealtime } from './support/listening-realtime.ts';
import type { TestApi } from './support/test-api.ts';

/*
 * The flows the web app will run, through @showfloor/client over real HTTP against the real API
 * (and a real realtime service for its broadcasts): if the client and the API ever disagree on a
 * path, a parameter, a body or an answer, these fail.
 */

const password = 'correct horse battery';
let counter = 0;
const uniqueName = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${counter++}`;

async function expectApiError(call: Promise<unknown>): Promise<ApiError> {
  const error = await call.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('@showfloor/client against the real API', () => {
  let api: TestApi;
  let realtime: ListeningRealtime;
  let baseUrl: string;
  beforeAll(async () => {
    ({ api, realtime } = await startApiWithRealtime({
      AGORA_APP_ID: '0123456789abcdef0123456789abcdef',
      AGORA_APP_CERTIFICATE: 'fedcba9876543210fedcba9876543210',
      LOGIN_MAX_FAILURES: '2',
    }));
    baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await realtime?.close();
    await api?.close();
  });

  /** A client with its own token store, signed up as a new user of `role`. */
  async function signedUp(role: 'user' | 'creator') {
    const tokens = memoryTokenStore();
    const client = createApiClient({ baseUrl, tokens });
    const username = uniqueName(role);
    const { data } = await client.auth.register({ body: { username, password, role, name: `${role} ${username}` } });
    return { client, tokens, username, user: data.user };
  }

  it('register → login → product → session → start → end → conversion stats, as a creator console would', async () => {
    const { client, tokens, username, user } = await signedUp('creator');
    expect(user).toMatchObject({ username, role: 'creator' });
    expect(user.createdAt).toBeInstanceOf(Date);
    expect(tokens.get()?.accessToken).toEqual(expect.any(String));

    // A second device signs in with the same account and keeps its own tokens.
    const laptopTokens = memoryTokenStore();
    const laptop = createApiClient({ baseUrl, tokens: laptopTokens });
    const login = await laptop.auth.login({ body: { username, password } });
    expect(login.message).toBe('Login successful');
    expect(laptopTokens.get()).toEqual({ accessToken: login.data.accessToken, refreshToken: login.data.refreshToken });
    expect((await laptop.auth.me()).data.id).toBe(user.id);

    const product = await client.products.create({ body: { name: 'Desk lamp', price: 24.5 } });
    expect(product.data).toMatchObject({ name: 'Desk lamp', price: 24.5, sellerId: user.id });

    const created = await client.sessions.create({ body: { title: 'Lamps, live', productIds: [product.data.id] } });
    const sessionId = created.data.id;
    expect(created.data).toMatchObject({ status: 'scheduled', creatorId: user.id, streamKey: null });
    expect(created.data.products.map((linked) => linked.id)).toEqual([product.data.id]);

    const started = await client.sessions.startStream({ params: { sessionId } });
    expect(started.data).toMatchObject({ sessionId, channelName: sessionId, role: 'publisher' });
    expect(started.data.expiresAt).toBeInstanceOf(Date);

    // Anyone may watch and read the public figures, without signing in.
    const viewer = createApiClient({ baseUrl });
    expect((await viewer.sessions.streamToken({ params: { sessionId } })).data.role).toBe('subscriber');
    expect((await viewer.sessions.get({ params: { sessionId } })).data).toMatchObject({ status: 'live' });
    expect((await viewer.sessionProducts.list({ params: { sessionId }, query: { featured: false } })).data).toEqual([
      expect.objectContaining({ id: product.data.id, featured: false, displayOrder: 0 }),
    ]);

    const ended = await client.sessions.endStream({ params: { sessionId } });
    expect(ended.data.status).toBe('ended');
    expect(ended.data.endedAt).toBeInstanceOf(Date);

    const stats = await viewer.analytics.conversionStats({ params: { sessionId } });
    expect(stats.data).toEqual({
      sessionId,
      sessionStatus: 'ended',
      isLive: false,
      liveDataAvailable: true,
      figuresFinal: true,
      totalViewers: 0,
      products: [],
    });
    const reactions = await viewer.sessions.reactions({ params: { sessionId } });
    expect(reactions.data).toMatchObject({ sessionId, isLive: false, total: 0 });
    const overview = await client.analytics.session({ params: { sessionId } });
    expect(overview.data).toMatchObject({ sessionId, isLive: false, products: { total: 1 } });

    const found = await viewer.search.sessions({ query: { creatorId: user.id, limit: 5 } });
    expect(found.meta).toMatchObject({ total: 1, limit: 5, offset: 0, hasMore: false });
    expect(found.data[0]).not.toHaveProperty('streamKey');
  });

  it('turns every refusal into an ApiError with the code, the status, the offending field and Retry-After', async () => {
    const { client: user, username } = await signedUp('user');
    const forbidden = await expectApiError(user.sessions.create({ body: { title: 'Not mine to make' } }));
    expect(forbidden).toMatchObject({ code: 'forbidden', status: 403, details: [] });
    expect(forbidden.requestId).toEqual(expect.any(String));

    const malformed = await expectApiError(user.products.get({ params: { productId: 'not-a-uuid' } }));
    expect(malformed).toMatchObject({ code: 'validation_failed', status: 400 });
    expect(malformed.messageFor('productId')).toEqual(expect.any(String));

    const missing = await expectApiError(user.sessions.get({ params: { sessionId: crypto.randomUUID() } }));
    expect(missing).toMatchObject({ code: 'not_found', status: 404, message: 'Session not found' });

    const taken = await expectApiError(
      createApiClient({ baseUrl }).auth.register({ body: { username, password, role: 'user' } }),
    );
    expect(taken).toMatchObject({ code: 'conflict', status: 409 });
    expect(taken.messageFor('username')).toBe('already taken');

    const badBody = await expectApiError(user.auth.update({ body: { age: 500 } }));
    expect(badBody.details.map((detail) => detail.field)).toEqual(['age']);

    const guesser = createApiClient({ baseUrl });
    for (let attempt = 0; attempt < 2; attempt++) {
      const wrong = await expectApiError(guesser.auth.login({ body: { username, password: 'not the password' } }));
      expect(wrong).toMatchObject({ code: 'unauthorized', status: 401 });
    }
    const throttled = await expectApiError(guesser.auth.login({ body: { username, password: 'not the password' } }));
    expect(throttled).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(throttled.retryAfter).toBeGreaterThan(0);
  });

  it('refreshes an ended access token once, even for calls made at the same moment, and carries on', async () => {
    const { client, tokens } = await signedUp('creator');
    const before = tokens.get() as AuthTokens;
    const changed = await client.auth.update({
      body: { password: 'a brand new passphrase', currentPassword: password },
    });
    expect(changed.message).toContain('every access token has ended');

    // The stored access token is refused now. Refresh tokens rotate and a reused one ends the login,
    // so these only all succeed when the client refreshed once for all of them.
    const [me, currentUser, mine, product] = await Promise.all([
      client.auth.me(),
      client.auth.currentUser(),
      client.sessions.list({ query: { creatorId: changed.data.id } }),
      client.products.create({ body: { name: 'Made after the change', price: 1 } }),
    ]);
    expect(me.data.id).toBe(changed.data.id);
    expect(currentUser.data.id).toBe(changed.data.id);
    expect(mine.meta.total).toBe(0);
    expect(product.data.sellerId).toBe(changed.data.id);
    const after = tokens.get() as AuthTokens;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);

    // A reloaded page knows only the refresh token: its first call that needs a token refreshes.
    const reloadedTokens = memoryTokenStore({ initial: { accessToken: null, refreshToken: after.refreshToken } });
    const reloaded = createApiClient({ baseUrl, tokens: reloadedTokens });
    expect((await reloaded.auth.me()).data.id).toBe(changed.data.id);
    expect(reloadedTokens.get()?.accessToken).toEqual(expect.any(String));
  });

  it('forgets the tokens on logout, and when the API refuses the refresh token', async () => {
    const { client, tokens } = await signedUp('user');
    expect((await client.auth.logout()).data).toEqual({ loggedOut: true });
    expect(tokens.get()).toBeNull();
    const anonymous = await expectApiError(client.auth.me());
    expect(anonymous).toMatchObject({ code: 'unauthorized', status: 401 });

    const staleTokens = memoryTokenStore({
      initial: { accessToken: 'not-a-token', refreshToken: 'r'.repeat(43) },
    });
    const stale = createApiClient({ baseUrl, tokens: staleTokens });
    const refused = await expectApiError(stale.auth.me());
    expect(refused).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(staleTokens.get()).toBeNull();
    // Routes that ignore tokens are called without one, so a stale token never spoils them.
    const kept = memoryTokenStore({ initial: { accessToken: 'not-a-token', refreshToken: 'r'.repeat(43) } });
    expect((await createApiClient({ baseUrl, tokens: kept }).products.list({ query: { limit: 1 } })).meta.limit).toBe(
      1,
    );
    expect(kept.get()?.accessToken).toBe('not-a-token');
  });

  it('says the API could not be reached, as a service_unavailable ApiError, when nothing listens', async () => {
    const offline = createApiClient({ baseUrl: 'http://127.0.0.1:9' });
    const error = await expectApiError(offline.products.list());
    expect(error).toMatchObject({ code: 'service_unavailable', status: undefined });
  });
});
