import { createServer, type Socket as TcpSocket } from 'node:net';
import { startRealtimeServer } from '@showfloor/realtime';
import type { HttpServer } from '@showfloor/server-kit';
import {
  capturedLogger,
  createSession,
  createTestDatabase,
  findFreePort,
  type LogLine,
  requestIdsReceived,
  type TestDatabase,
  testApiConfig,
  testRealtimeConfig,
  waitFor,
} from '@showfloor/testing';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { nextEvent } from './support/listening-realtime.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';

/**
 * The API on a real port, pushing room events to a realtime service on a port of its own, which the
 * tests stop and start again on the same port — the way an outage and a restart look to the API.
 */
async function startPushingApi(db: TestDatabase, env: Record<string, string> = {}) {
  const [apiPort, realtimePort] = [await findFreePort(), await findFreePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const logs = capturedLogger('api-test');
  const app: HttpServer = await buildApp({
    config: testApiConfig(db.url, {
      REALTIME_INTERNAL_URL: `http://127.0.0.1:${realtimePort}`,
      PUSH_RETRY_BASE_MS: '50',
      PUSH_RETRY_MAX_MS: '200',
      ...env,
    }),
    prisma: db.prisma,
    logger: logs.logger,
  });
  await app.listen({ host: '127.0.0.1', port: apiPort });
  let realtime: { logs: LogLine[]; close(): Promise<void> } | undefined;
  return {
    app,
    db,
    apiLogs: logs.lines,
    realtimePort,
    realtimeUrl: `http://127.0.0.1:${realtimePort}`,
    get realtimeLogs(): LogLine[] {
      return realtime?.logs ?? [];
    },
    async startRealtime() {
      const realtimeLog = capturedLogger('realtime-test');
      const server = await startRealtimeServer({
        config: testRealtimeConfig({ PORT: String(realtimePort), API_INTERNAL_URL: apiUrl }),
        logger: realtimeLog.logger,
      });
      realtime = { logs: realtimeLog.lines, close: () => server.close() };
      return server;
    },
    async stopRealtime() {
      await realtime?.close();
    },
    async health() {
      return (await app.inject({ method: 'GET', url: '/health' })).json();
    },
    async close() {
      await realtime?.close();
      await app.close();
    },
  };
}

type PushingApi = Awaited<ReturnType<typeof startPushingApi>>;

/** A live session of `owner` carrying two of their products, the first one showcased. */
async function liveSessionOf(api: PushingApi, owner: SignedInUser) {
  const [mouse, keyboard] = await Promise.all(
    ['Mouse', 'Keyboard'].map((name) =>
      api.db.prisma.product.create({ data: { sellerId: owner.id, name, price: '10.00' } }),
    ),
  );
  const session = await createSession(api.db.prisma, {
    creatorId: owner.id,
    products: {
      create: [mouse, keyboard].map((product, displayOrder) => ({ productId: product?.id as string, displayOrder })),
    },
  });
  return { session, mouse: mouse as { id: string }, keyboard: keyboard as { id: string } };
}

describe('room events pushed to the realtime service', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  describe('while the realtime service is down', () => {
    let api: PushingApi;
    let owner: SignedInUser;
    beforeAll(async () => {
      api = await startPushingApi(db);
      owner = await signedInUser(api, 'creator');
    });
    afterAll(() => api.close());

    it('answers every REST call at once, then delivers each event in order once the service is back', async () => {
      await api.startRealtime();
      await api.stopRealtime(); // it was there, and went away
      const { session, mouse } = await liveSessionOf(api, owner);
      const base = `/api/sessions/${session.id}`;
      const calls: [string, 'PATCH' | 'POST' | 'DELETE', string, object | undefined, number][] = [
        ['pause', 'PATCH', `${base}/status`, { status: 'paused' }, 200],
        ['resume', 'PATCH', `${base}/status`, { status: 'live' }, 200],
        ['showcase', 'POST', `${base}/showcase`, { productId: mouse.id }, 200],
        ['remove-showcased-product', 'DELETE', `${base}/products/${mouse.id}`, undefined, 200],
        ['chat', 'POST', `${base}/chat`, { message: 'anyone there?' }, 201],
        ['end', 'POST', `${base}/end-stream`, undefined, 200],
      ];
      const slow: Record<string, number> = {};
      for (const [name, method, url, payload, status] of calls) {
        const startedAt = performance.now();
        const response = await api.app.inject({
          method,
          url,
          headers: { ...owner.headers, 'x-request-id': name },
          ...(payload ? { payload } : {}),
        });
        const ms = Math.round(performance.now() - startedAt);
        expect(response.statusCode, `${name}: ${response.body}`).toBe(status);
        if (ms >= 1_000) slow[name] = ms;
      }
      // The old notifier held each of these for its retries (1 s, 2 s for a removal that cleared the showcase).
      expect(slow, 'REST calls that waited on the realtime service').toEqual({});
      expect(await api.health()).toMatchObject({ pendingPushes: 7, droppedPushes: 0 });

      await api.startRealtime();
      const expected = [
        'pause',
        'resume',
        'showcase',
        'remove-showcased-product', // showcase-cleared
        'remove-showcased-product', // session-products-changed
        'chat',
        'end',
      ];
      await waitFor(() => requestIdsReceived(api.realtimeLogs, 'POST', '/internal/broadcast').length >= 7, {
        what: 'seven pushes to reach the restarted realtime service',
      });
      expect(requestIdsReceived(api.realtimeLogs, 'POST', '/internal/broadcast')).toEqual(expected);
      await waitFor(async () => (await api.health()).pendingPushes === 0, { what: 'no push left pending' });
      expect(await api.health()).toMatchObject({ pendingPushes: 0, droppedPushes: 0 });
    });
  });

  describe('while the realtime service answers', () => {
    let api: PushingApi;
    let owner: SignedInUser;
    beforeAll(async () => {
      api = await startPushingApi(db);
      await api.startRealtime();
      owner = await signedInUser(api, 'creator');
    });
    afterAll(() => api.close());

    it("carries the REST call's x-request-id to the realtime service with the event it causes", async () => {
      const { session } = await liveSessionOf(api, owner);
      const response = await api.app.inject({
        method: 'PATCH',
        url: `/api/sessions/${session.id}/status`,
        headers: { ...owner.headers, 'x-request-id': 'abc' },
        payload: { status: 'paused' },
      });
      expect(response.statusCode, response.body).toBe(200);
      // The pause was in force when the answer came, so the push has already been received.
      expect(requestIdsReceived(api.realtimeLogs, 'POST', '/internal/broadcast')).toEqual(['abc']);
    });

    it('reaches viewers in the order the REST calls were made', async () => {
      const { session } = await liveSessionOf(api, owner);
      const viewer = io(api.realtimeUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
      try {
        expect(await viewer.emitWithAck('join-session', session.id)).toMatchObject({ ok: true });
        const heard: string[] = [];
        for (const event of ['stream-paused', 'stream-resumed', 'new-message'])
          viewer.on(event, () => heard.push(event));
        const lastOne = nextEvent(viewer, 'new-message');
        const send = (method: 'PATCH' | 'POST', path: string, payload: object) =>
          api.app.inject({ method, url: `/api/sessions/${session.id}${path}`, headers: owner.headers, payload });
        await send('PATCH', '/status', { status: 'paused' });
        await send('PATCH', '/status', { status: 'live' });
        await send('POST', '/chat', { message: 'back again' });
        await lastOne;
        expect(heard).toEqual(['stream-paused', 'stream-resumed', 'new-message']);
      } finally {
        viewer.disconnect();
      }
    });
  });

  describe('while the realtime service accepts connections but never answers', () => {
    let api: PushingApi;
    let owner: SignedInUser;
    const held: TcpSocket[] = [];
    const hung = createServer((socket) => void held.push(socket));
    beforeAll(async () => {
      api = await startPushingApi(db, { BROADCAST_WAIT_MS: '500' });
      await new Promise<void>((resolve) => hung.listen(api.realtimePort, '127.0.0.1', resolve));
      owner = await signedInUser(api, 'creator');
    });
    afterAll(async () => {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => hung.close(resolve));
      await api.close();
    });

    it('holds one REST call for BROADCAST_WAIT_MS at most, and the next ones not at all', async () => {
      const { session } = await liveSessionOf(api, owner);
      const timed = async (status: string) => {
        const startedAt = performance.now();
        const response = await api.app.inject({
          method: 'PATCH',
          url: `/api/sessions/${session.id}/status`,
          headers: owner.headers,
          payload: { status },
        });
        expect(response.statusCode, response.body).toBe(200);
        return performance.now() - startedAt;
      };
      expect(await timed('paused')).toBeGreaterThanOrEqual(490);
      // Still no answer to the pause: the resume and the next pause are queued behind it, unwaited.
      expect(await timed('live')).toBeLessThan(490);
      expect(await timed('paused')).toBeLessThan(490);
      expect(await api.health()).toMatchObject({ pendingPushes: 3, droppedPushes: 0 });
    });
  });

  describe('beyond PUSH_OUTBOX_MAX', () => {
    let api: PushingApi;
    let owner: SignedInUser;
    beforeAll(async () => {
      api = await startPushingApi(db, { PUSH_OUTBOX_MAX: '2' });
      owner = await signedInUser(api, 'creator');
    });
    afterAll(() => api.close());

    it('gives the oldest events up, logs each give-up at error and counts it in /health', async () => {
      const { session } = await liveSessionOf(api, owner);
      for (const message of ['one', 'two', 'three', 'four']) {
        const response = await api.app.inject({
          method: 'POST',
          url: `/api/sessions/${session.id}/chat`,
          headers: owner.headers,
          payload: { message },
        });
        expect(response.statusCode, response.body).toBe(201);
      }
      expect(await api.health()).toMatchObject({ status: 'ok', pendingPushes: 2, droppedPushes: 2 });
      const giveUps = api.apiLogs.filter(
        (line) => line.level === 50 && line.reason === 'buffer_full' && line.outbox === 'room-pushes',
      );
      expect(giveUps.reduce((sum, line) => sum + line.count, 0)).toBe(2);
      expect(giveUps[0]).toMatchObject({ outbox: 'room-pushes' });
    });
  });
});
