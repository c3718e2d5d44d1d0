import { createRequire } from 'node:module';
import type { SessionStatus } from '@showfloor/contracts';
import { createSession, findFreePort } from '@showfloor/testing';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ListeningRealtime,
  nextEvent,
  realtimeEnv,
  startApiWithRealtime,
  startListeningRealtime,
} from './support/listening-realtime.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

// Fake but well-formed: Agora credentials are 32 hex characters, and the package refuses anything else.
const appId = '0123456789abcdef0123456789abcdef';
const appCertificate = 'fedcba9876543210fedcba9876543210';
const ttlSeconds = 600;

/**
 * The package's own Token007 parser; it ships without typings, so only what the tests read is
 * typed. Parsed strings come back as Buffers.
 */
interface ParsedAgoraToken {
  appId: Buffer;
  issueTs: number;
  expire: number;
  services: { __type: number; __channel_name: Buffer; __uid: Buffer; __privileges: Record<string, number> }[];
  from_string(token: string): boolean;
  verifySignature(appCertificate: string): boolean;
}
const { AccessToken2, kRtcServiceType } = createRequire(import.meta.url)('agora-token/src/AccessToken2.js') as {
  AccessToken2: new () => ParsedAgoraToken;
  kRtcServiceType: number;
};
const joinChannel = '1';
const publishPrivileges = ['2', '3', '4'];

function parseToken(token: string) {
  const parsed = new AccessToken2();
  expect(parsed.from_string(token)).toBe(true);
  expect(parsed.verifySignature(appCertificate)).toBe(true);
  const rtc = parsed.services.filter((service) => service.__type === kRtcServiceType);
  expect(rtc).toHaveLength(1);
  return { parsed, rtc: rtc[0] as ParsedAgoraToken['services'][number] };
}

/** A valid token for `sessionId`: signed with our certificate, for the session's channel, expiring when we said. */
function expectTokenFor(response: LightMyRequestResponse, sessionId: string, role: 'publisher' | 'subscriber') {
  expect(response.statusCode, response.body).toBe(200);
  const data = response.json().data;
  expect(data).toMatchObject({ sessionId, channelName: sessionId, appId, role });
  const { parsed, rtc } = parseToken(data.token);
  expect(parsed.appId.toString()).toBe(appId);
  expect(parsed.expire).toBe(ttlSeconds);
  // The token expires at issue + expire; we report that instant, to the second.
  expect(Math.abs(Date.parse(data.expiresAt) / 1000 - (parsed.issueTs + parsed.expire))).toBeLessThanOrEqual(1);
  expect(Math.abs(parsed.issueTs - Date.now() / 1000)).toBeLessThan(10);
  expect(rtc.__channel_name.toString()).toBe(sessionId);
  const privileges = Object.keys(rtc.__privileges).sort();
  if (role === 'publisher') {
    expect(data.uid).toBeGreaterThan(0);
    expect(data.uid).toBeLessThanOrEqual(0xffffffff);
    expect(rtc.__uid.toString()).toBe(String(data.uid));
    expect(privileges).toEqual([joinChannel, ...publishPrivileges]);
  } else {
    expect(data.uid).toBe(0);
    expect(rtc.__uid.toString()).toBe('');
    expect(privileges).toEqual([joinChannel]);
  }
  for (const privilege of privileges) expect(rtc.__privileges[privilege]).toBe(ttlSeconds);
  return data as { token: string; uid: number; expiresAt: string };
}

interface Actors {
  admin: SignedInUser;
  owner: SignedInUser;
  other: SignedInUser;
}

async function signInActors(api: TestApi): Promise<Actors> {
  const [admin, owner, other] = await Promise.all([
    signedInUser(api, 'admin'),
    signedInUser(api, 'creator'),
    signedInUser(api, 'creator'),
  ]);
  return { admin, owner, other };
}

function sender(api: TestApi) {
  return (method: 'GET' | 'POST' | 'PATCH', url: string, as?: SignedInUser, payload?: object) =>
    api.app.inject({ method, url, ...(as ? { headers: as.headers } : {}), ...(payload ? { payload } : {}) });
}

function sessionIn(api: TestApi, status: SessionStatus, creatorId: string) {
  const startedAt = status === 'scheduled' ? null : new Date(Date.now() - 60_000);
  const endedAt = status === 'ended' ? new Date() : null;
  return createSession(api.db.prisma, { creatorId, status, startedAt, endedAt, agoraChannelName: null });
}

describe('streaming with Agora credentials', () => {
  let realtime: ListeningRealtime;
  let api: TestApi;
  let actors: Actors;
  let send: ReturnType<typeof sender>;

  beforeAll(async () => {
    const apiPort = await findFreePort();
    realtime = await startListeningRealtime({ apiUrl: `http://127.0.0.1:${apiPort}` });
    api = await startTestApi({
      ...realtimeEnv(realtime),
      AGORA_APP_ID: appId,
      AGORA_APP_CERTIFICATE: appCertificate,
      AGORA_TOKEN_TTL_SECONDS: String(ttlSeconds),
    });
    // Joining a room makes the realtime service read the session from the API, so it must listen.
    await api.app.listen({ host: '127.0.0.1', port: apiPort });
    actors = await signInActors(api);
    send = sender(api);
  });
  // Realtime first: on shutdown it delivers what it counted to the API, which must still be up.
  afterAll(async () => {
    await realtime?.close();
    await api?.close();
  });

  const findSession = (id: string) => api.db.prisma.session.findUniqueOrThrow({ where: { id } });

  describe('POST /:sessionId/start-stream', () => {
    it('makes the session live, tells the room, and hands the owner a publisher token', async () => {
      const session = await sessionIn(api, 'scheduled', actors.owner.id);
      const socket = await realtime.viewerIn(session.id);
      const started = nextEvent<Record<string, unknown>>(socket, 'stream-started');

      const response = await send('POST', `/api/sessions/${session.id}/start-stream`, actors.owner);
      expect(response.json().message).toBe('Stream started successfully');
      const token = expectTokenFor(response, session.id, 'publisher');

      const stored = await findSession(session.id);
      expect(stored.status).toBe('live');
      expect(stored.startedAt).not.toBeNull();
      expect(await started).toEqual({
        sessionId: session.id,
        channelName: session.id,
        status: 'live',
        startedAt: stored.startedAt?.toISOString(),
      });

      // Already live: no second start, just a new token for the same participant.
      const again = await send('POST', `/api/sessions/${session.id}/start-stream`, actors.owner);
      const second = expectTokenFor(again, session.id, 'publisher');
      expect(second.uid).toBe(token.uid);
      expect((await findSession(session.id)).startedAt).toEqual(stored.startedAt);
    });

    it('resumes a paused session, keeping its start time', async () => {
      const session = await sessionIn(api, 'paused', actors.owner.id);
      const response = await send('POST', `/api/sessions/${session.id}/start-stream`, actors.owner);
      expectTokenFor(response, session.id, 'publisher');
      expect(await findSession(session.id)).toMatchObject({ status: 'live', startedAt: session.startedAt });
    });

    it('refuses an ended session with 409 and an unknown one with 404', async () => {
      const session = await sessionIn(api, 'ended', actors.owner.id);
      const response = await send('POST', `/api/sessions/${session.id}/start-stream`, actors.owner);
      expect(response.statusCode).toBe(409);
      expect(response.json().error.message).toContain('none (ended is final)');
      expect((await findSession(session.id)).status).toBe('ended');
      const missing = await send(
        'POST',
        '/api/sessions/00000000-0000-4000-8000-000000000000/start-stream',
        actors.owner,
      );
      expect(missing.statusCode).toBe(404);
    });

    it('is for the owner and admins only', async () => {
      const session = await sessionIn(api, 'scheduled', actors.owner.id);
      const url = `/api/sessions/${session.id}/start-stream`;
      expect((await send('POST', url)).statusCode).toBe(401);
      expect((await send('POST', url, actors.other)).statusCode).toBe(403);
      expect((await findSession(session.id)).status).toBe('scheduled');

      const byAdmin = await send('POST', url, actors.admin);
      const token = expectTokenFor(byAdmin, session.id, 'publisher');
      expect((await findSession(session.id)).status).toBe('live');
      const ownerToken = expectTokenFor(await send('POST', url, actors.owner), session.id, 'publisher');
      // Each publisher is its own participant in the channel.
      expect(ownerToken.uid).not.toBe(token.uid);
    });
  });

  describe('POST /:sessionId/end-stream', () => {
    it('ends the session, tells the room, and returns the session', async () => {
      const session = await sessionIn(api, 'live', actors.owner.id);
      const socket = await realtime.viewerIn(session.id);
      const ended = nextEvent<Record<string, unknown>>(socket, 'stream-ended');

      const response = await send('POST', `/api/sessions/${session.id}/end-stream`, actors.owner);
      expect(response.statusCode, response.body).toBe(200);
      const stored = await findSession(session.id);
      expect(stored.status).toBe('ended');
      expect(response.json().data).toMatchObject({
        id: session.id,
        status: 'ended',
        endedAt: stored.endedAt?.toISOString(),
        startedAt: session.startedAt?.toISOString(),
      });
      expect(await ended).toEqual({ sessionId: session.id, status: 'ended', endedAt: stored.endedAt?.toISOString() });

      const again = await send('POST', `/api/sessions/${session.id}/end-stream`, actors.owner);
      expect(again.statusCode).toBe(409);
    });

    it('ends a paused session, refuses a scheduled one, and is for the owner and admins only', async () => {
      const paused = await sessionIn(api, 'paused', actors.owner.id);
      const url = `/api/sessions/${paused.id}/end-stream`;
      expect((await send('POST', url)).statusCode).toBe(401);
      expect((await send('POST', url, actors.other)).statusCode).toBe(403);
      expect((await findSession(paused.id)).status).toBe('paused');
      expect((await send('POST', url, actors.admin)).statusCode).toBe(200);
      expect((await findSession(paused.id)).status).toBe('ended');

      const scheduled = await sessionIn(api, 'scheduled', actors.owner.id);
      const refused = await send('POST', `/api/sessions/${scheduled.id}/end-stream`, actors.owner);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.message).toContain('allowed from scheduled: live');
      expect((await findSession(scheduled.id)).status).toBe('scheduled');
    });
  });

  describe('PATCH /:sessionId/status', () => {
    it('announces going live, pausing, resuming and ending to the room', async () => {
      const session = await sessionIn(api, 'scheduled', actors.owner.id);
      const socket = await realtime.viewerIn(session.id);
      const status = (to: SessionStatus) =>
        send('PATCH', `/api/sessions/${session.id}/status`, actors.owner, { status: to });

      const started = nextEvent<{ startedAt: string }>(socket, 'stream-started');
      expect((await status('live')).statusCode).toBe(200);
      const { startedAt } = await findSession(session.id);
      expect(await started).toMatchObject({
        sessionId: session.id,
        status: 'live',
        startedAt: startedAt?.toISOString(),
      });

      const paused = nextEvent(socket, 'stream-paused');
      expect((await status('paused')).statusCode).toBe(200);
      expect(await paused).toMatchObject({ sessionId: session.id, status: 'paused', pausedAt: expect.any(String) });

      const resumed = nextEvent(socket, 'stream-resumed');
      expect((await status('live')).statusCode).toBe(200);
      expect(await resumed).toMatchObject({ sessionId: session.id, status: 'live', resumedAt: expect.any(String) });
      // Resuming keeps the original start.
      expect((await findSession(session.id)).startedAt?.toISOString()).toBe(startedAt?.toISOString());

      const ended = nextEvent<{ endedAt: string }>(socket, 'stream-ended');
      expect((await status('ended')).statusCode).toBe(200);
      expect((await ended).endedAt).toBe((await findSession(session.id)).endedAt?.toISOString());
    });
  });

  describe('GET /:sessionId/stream-token', () => {
    it.each(['live', 'paused'] as const)('gives anyone a subscriber token while %s', async (status) => {
      const session = await sessionIn(api, status, actors.owner.id);
      const url = `/api/sessions/${session.id}/stream-token`;
      expectTokenFor(await send('GET', url), session.id, 'subscriber');
      expectTokenFor(await send('GET', url, actors.other), session.id, 'subscriber');
      // Watching is watching, whoever asks: the owner publishes through start-stream / refresh-token.
      expectTokenFor(await send('GET', url, actors.owner), session.id, 'subscriber');
    });

    it.each(['scheduled', 'ended'] as const)('refuses with 409 while %s', async (status) => {
      const session = await sessionIn(api, status, actors.owner.id);
      const response = await send('GET', `/api/sessions/${session.id}/stream-token`);
      expect(response.statusCode).toBe(409);
      expect(response.json().error.message).toContain(`it is ${status}`);
    });

    it('answers 404 for an unknown session', async () => {
      const response = await send('GET', '/api/sessions/00000000-0000-4000-8000-000000000000/stream-token');
      expect(response.statusCode).toBe(404);
    });
  });

  describe('POST /:sessionId/refresh-token', () => {
    it('gives the owner a fresh publisher token with the same uid, and everyone else a subscriber token', async () => {
      const session = await sessionIn(api, 'live', actors.owner.id);
      const first = expectTokenFor(
        await send('POST', `/api/sessions/${session.id}/start-stream`, actors.owner),
        session.id,
        'publisher',
      );
      const url = `/api/sessions/${session.id}/refresh-token`;
      const refreshed = expectTokenFor(await send('POST', url, actors.owner), session.id, 'publisher');
      expect(refreshed.uid).toBe(first.uid);
      expectTokenFor(await send('POST', url, actors.admin), session.id, 'publisher');
      expectTokenFor(await send('POST', url, actors.other), session.id, 'subscriber');
      expectTokenFor(await send('POST', url), session.id, 'subscriber');
    });

    it.each(['scheduled', 'ended'] as const)('refuses with 409 while %s', async (status) => {
      const session = await sessionIn(api, status, actors.owner.id);
      expect((await send('POST', `/api/sessions/${session.id}/refresh-token`, actors.owner)).statusCode).toBe(409);
    });
  });
});

describe('streaming without Agora credentials', () => {
  let realtime: ListeningRealtime;
  let api: TestApi;
  let actors: Actors;
  let send: ReturnType<typeof sender>;

  beforeAll(async () => {
    ({ api, realtime } = await startApiWithRealtime());
    actors = await signInActors(api);
    send = sender(api);
  });
  // Realtime first: on shutdown it delivers what it counted to the API, which must still be up.
  afterAll(async () => {
    await realtime?.close();
    await api?.close();
  });

  function expectUnavailable(response: LightMyRequestResponse) {
    expect(response.statusCode, response.body).toBe(503);
    const { error } = response.json();
    expect(error.code).toBe('service_unavailable');
    expect(error.message).toContain('no Agora credentials are configured');
    expect(response.body).not.toContain('"token"');
    return error.message as string;
  }

  it('still starts the stream and tells the room, then says no token could be issued', async () => {
    const session = await sessionIn(api, 'scheduled', actors.owner.id);
    const socket = await realtime.viewerIn(session.id);
    const started = nextEvent(socket, 'stream-started');

    const message = expectUnavailable(await send('POST', `/api/sessions/${session.id}/start-stream`, actors.owner));
    expect(message).toContain('The stream is live');
    const stored = await api.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(stored.status).toBe('live');
    expect(await started).toMatchObject({ sessionId: session.id, startedAt: stored.startedAt?.toISOString() });
  });

  it('answers 503 for viewer and refreshed tokens of a live session', async () => {
    const session = await sessionIn(api, 'live', actors.owner.id);
    expectUnavailable(await send('GET', `/api/sessions/${session.id}/stream-token`));
    expectUnavailable(await send('POST', `/api/sessions/${session.id}/refresh-token`, actors.owner));
    expectUnavailable(await send('POST', `/api/sessions/${session.id}/refresh-token`));
  });

  it('still refuses a token for a session that is not streaming with 409, not 503', async () => {
    const session = await sessionIn(api, 'scheduled', actors.owner.id);
    expect((await send('GET', `/api/sessions/${session.id}/stream-token`)).statusCode).toBe(409);
  });

  it('still ends the stream and tells the room', async () => {
    const session = await sessionIn(api, 'live', actors.owner.id);
    const socket = await realtime.viewerIn(session.id);
    const ended = nextEvent(socket, 'stream-ended');
    const response = await send('POST', `/api/sessions/${session.id}/end-stream`, actors.owner);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data.status).toBe('ended');
    expect(await ended).toMatchObject({ sessionId: session.id, status: 'ended' });
  });
});
