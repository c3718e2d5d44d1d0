import { startApiServer } from '@showfloor/api';
import {
  capturedLogger,
  createSession,
  createTestDatabase,
  createUser,
  findFreePort,
  type LogLine,
  requestIdsReceived,
  type TestDatabase,
  testApiConfig,
  testRealtimeConfig,
  waitFor,
} from '@showfloor/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer } from '../src/server.ts';
import { connectSocket, tokenFor } from './support/test-stack.ts';

/** The request id the realtime service gave each `event` it handled, in order. */
const socketEventIds = (lines: readonly LogLine[], event: string) =>
  lines.filter((line) => line.msg === 'socket event' && line.event === event).map((line) => String(line.reqId));

describe('request ids follow a socket event into the API', () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof startApiServer>>;
  let realtime: Awaited<ReturnType<typeof startRealtimeServer>>;
  const apiLog = capturedLogger('api-test');
  const realtimeLog = capturedLogger('realtime-test', 'debug');
  const sockets: Socket[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const apiPort = await findFreePort();
    realtime = await startRealtimeServer({
      // Long enough for both clicks below to travel in one batch.
      config: testRealtimeConfig({ API_INTERNAL_URL: `http://127.0.0.1:${apiPort}`, VIEW_FLUSH_MS: '300' }),
      logger: realtimeLog.logger,
    });
    api = await startApiServer({
      config: testApiConfig(db.url, { PORT: String(apiPort), REALTIME_INTERNAL_URL: realtime.url }),
      logger: apiLog.logger,
      prisma: db.prisma,
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await realtime?.close();
    await api?.close();
    await db?.drop();
  });

  async function liveSession() {
    const creator = await createUser(db.prisma, { role: 'creator' });
    const product = await db.prisma.product.create({ data: { sellerId: creator.id, name: 'Lamp', price: '9.00' } });
    const session = await createSession(db.prisma, {
      creatorId: creator.id,
      products: { create: [{ productId: product.id, displayOrder: 0 }] },
    });
    return { session, product };
  }

  async function viewerIn(sessionId: string, auth: { token?: string } = {}) {
    const socket = await connectSocket(realtime.url, auth);
    sockets.push(socket);
    expect(await socket.emitWithAck('join-session', sessionId)).toMatchObject({ ok: true });
    return socket;
  }

  it('gives each socket event its own id, and the API call it makes carries that id', async () => {
    const { session } = await liveSession();
    const author = await createUser(db.prisma, { role: 'user' });
    const socket = await viewerIn(session.id, { token: tokenFor(author.id) });
    expect(await socket.emitWithAck('send-message', { sessionId: session.id, message: 'hello' })).toMatchObject({
      ok: true,
    });

    const [eventId] = socketEventIds(realtimeLog.lines, 'send-message');
    expect(eventId).toBeTruthy();
    expect(requestIdsReceived(apiLog.lines, 'POST', '/internal/chat-messages')).toEqual([eventId]);
    // One search for the id finds both services' lines.
    expect(apiLog.lines.some((line) => line.reqId === eventId && line.msg === 'request completed')).toBe(true);
  });

  it('a batch of first clicks says which events it carries, under the request id the API logged', async () => {
    const { session, product } = await liveSession();
    const [first, second] = [await viewerIn(session.id), await viewerIn(session.id)];
    const click = (socket: Socket) =>
      socket.emitWithAck('track-product-click', { sessionId: session.id, productId: product.id });
    expect(await Promise.all([click(first), click(second)])).toMatchObject([{ ok: true }, { ok: true }]);

    const [batchId] = await waitFor(
      () => {
        const ids = requestIdsReceived(apiLog.lines, 'POST', '/internal/product-clickers');
        return ids.length > 0 && ids;
      },
      { what: 'the first clicks to reach the API' },
    );
    const clickIds = socketEventIds(realtimeLog.lines, 'track-product-click');
    expect(clickIds).toHaveLength(2);
    const carrier = realtimeLog.lines.find((line) => line.reqId === batchId && Array.isArray(line.carries));
    expect(carrier, 'the realtime line naming what the batch carries').toMatchObject({ outbox: 'product-clickers' });
    expect([...(carrier?.carries ?? [])].sort()).toEqual([...clickIds].sort());
  });
});
