import { verifyAccessToken } from '@showfloor/access-tokens';
import { internalKeyHeader, tokenChecksRoute } from '@showfloor/contracts';
import { testSecrets } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadField } from './support/expect-bad-field.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

const internalHeaders = { [internalKeyHeader]: testSecrets.internalApiKey };

describe('POST /internal/token-checks (the realtime handshake asks whether a login is current)', () => {
  let api: TestApi;
  let admin: SignedInUser;
  beforeAll(async () => {
    api = await startTestApi();
    admin = await signedInUser(api, 'admin');
  });
  afterAll(() => api.close());

  const check = (payload: object, headers: Record<string, string> = internalHeaders) =>
    api.app.inject({ method: 'POST', url: tokenChecksRoute, payload, headers });
  const claimsOf = (user: SignedInUser) => {
    const { userId, familyId, tokenVersion } = verifyAccessToken(api.app.jwt, user.accessToken);
    return { userId, familyId, tokenVersion };
  };
  const verdict = async (user: SignedInUser) => (await check(claimsOf(user))).json().data;

  it('says a fresh login is active', async () => {
    const user = await signedInUser(api);
    const response = await check(claimsOf(user));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ success: true, data: { active: true } });
  });

  it('says why a token has ended: logout, a role change, a deleted account', async () => {
    const [loggedOut, demoted, deleted] = await Promise.all([
      signedInUser(api),
      signedInUser(api, 'creator'),
      signedInUser(api),
    ]);
    await api.app.inject({ method: 'POST', url: '/api/auth/logout', headers: loggedOut.headers });
    await api.app.inject({
      method: 'PUT',
      url: `/api/users/${demoted.id}`,
      headers: admin.headers,
      payload: { role: 'user' },
    });
    await api.app.inject({ method: 'DELETE', url: `/api/users/${deleted.id}`, headers: deleted.headers });
    expect(await verdict(loggedOut)).toEqual({ active: false, reason: 'session-revoked' });
    expect(await verdict(demoted)).toEqual({ active: false, reason: 'version-changed' });
    expect(await verdict(deleted)).toEqual({ active: false, reason: 'user-deleted' });
  });

  it('answers 401 without the internal key', async () => {
    const user = await signedInUser(api);
    const response = await check(claimsOf(user), {});
    expect(response.statusCode).toBe(401);
  });

  it('answers 400 naming the field for malformed claims', async () => {
    const user = await signedInUser(api);
    expectBadField(await check({ ...claimsOf(user), tokenVersion: -1 }), 'tokenVersion');
    expectBadField(await check({ ...claimsOf(user), userId: 'not-a-uuid' }), 'userId');
  });
});
