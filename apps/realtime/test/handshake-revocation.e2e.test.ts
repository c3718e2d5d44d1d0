import { randomUUID } from 'node:crypto';
import { createUser } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, fetchJson, startStack, type TestStack, tokenFor } from './support/test-stack.ts';

/**
 * Issue 10, item 11 at the socket door: a handshake with a token whose login ended, whose user was
 * deleted or demoted, is refused — the API is asked, not only the signature checked.
 */
describe('socket handshakes with tokens whose privileges were removed', () => {
  let stack: TestStack;
  let adminHeaders: Record<string, string>;
  beforeAll(async () => {
    stack = await startStack();
    const admin = await createUser(stack.db.prisma, { role: 'admin' });
    adminHeaders = { authorization: `Bearer ${tokenFor(admin.id, 'admin')}`, 'content-type': 'application/json' };
  });
  afterAll(() => stack.close());

  /** A user registered through the real API, with the tokens it issued. */
  async function registered(role: 'user' | 'creator' = 'user') {
    const username = `hs_${randomUUID().slice(0, 8)}`;
    const body = await fetchJson(`${stack.apiUrl}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'a long enough password', role }),
    });
    const { user, accessToken } = body.data as { user: { id: string }; accessToken: string };
    return { id: user.id, accessToken, headers: { authorization: `Bearer ${accessToken}` } };
  }

  async function refusal(token: string): Promise<{ message: string; data?: { code?: string; message?: string } }> {
    try {
      const socket = await connectSocket(stack.realtime.url, { token });
      socket.disconnect();
    } catch (error) {
      return error as { message: string; data?: { code?: string } };
    }
    throw new Error('the handshake was accepted');
  }

  it('accepts a token whose login is still current (so each refusal below is for its own reason)', async () => {
    const user = await registered();
    const socket = await connectSocket(stack.realtime.url, { token: user.accessToken });
    expect(socket.connected).toBe(true);
    socket.disconnect();
  });

  it('refuses a logged-out token with connect_error code unauthorized', async () => {
    const user = await registered();
    const logout = await fetch(`${stack.apiUrl}/api/auth/logout`, { method: 'POST', headers: user.headers });
    expect(logout.status).toBe(200);
    const error = await refusal(user.accessToken);
    expect(error.data?.code).toBe('unauthorized');
    expect(error.data?.message).toMatch(/session has ended/i);
  });

  it("refuses a deleted user's token", async () => {
    const user = await registered();
    const deleted = await fetch(`${stack.apiUrl}/api/users/${user.id}`, { method: 'DELETE', headers: user.headers });
    expect(deleted.status).toBe(200);
    expect((await refusal(user.accessToken)).data?.code).toBe('unauthorized');
  });

  it("refuses a demoted creator's token", async () => {
    const creator = await registered('creator');
    const demoted = await fetch(`${stack.apiUrl}/api/users/${creator.id}`, {
      method: 'PUT',
      headers: adminHeaders,
      body: JSON.stringify({ role: 'user' }),
    });
    expect(demoted.status).toBe(200);
    expect((await refusal(creator.accessToken)).data?.code).toBe('unauthorized');
  });

  it('accepts on the signature alone while the API cannot be reached (streams survive API outages)', async () => {
    const user = await registered();
    await stack.stopApi();
    try {
      const socket = await connectSocket(stack.realtime.url, { token: user.accessToken });
      expect(socket.connected).toBe(true);
      socket.disconnect();
    } finally {
      await stack.restartApi();
    }
  });
});
