import { randomUUID } from 'node:crypto';
import { liveSessionSchema, trendingSessionSchema } from '@showfloor/contracts';
import { createSession, findFreePort } from '@showfloor/testing';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningRealtime, startApiWithRealtime } from './support/listening-realtime.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

interface ListBody {
  data: { id: string; watchingNow: number | null }[];
}

const watchingById = (body: ListBody) => Object.fromEntries(body.data.map((item) => [item.id, item.watchingNow]));

/** The live and trending lists carry how many watch each session now, read from the real realtime service. */
describe('/api/search/sessions/live and /trending: watchingNow', () => {
  describe('with the realtime service counting', () => {
    let api: TestApi;
    let realtime: ListeningRealtime;
    let creator: SignedInUser;
    let watched: string;
    let empty: string;
    const sockets: Socket[] = [];

    async function join(sessionId: string, auth: { token: string } | { guestId: string }): Promise<Socket> {
      const socket = io(realtime.url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
      sockets.push(socket);
      const ack = await socket.emitWithAck('join-session', { sessionId });
      if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack)}`);
      return socket;
    }

    beforeAll(async () => {
      ({ api, realtime } = await startApiWithRealtime());
      creator = await signedInUser(api, 'creator');
      watched = (await createSession(api.db.prisma, { creatorId: creator.id, startedAt: new Date() })).id;
      empty = (await createSession(api.db.prisma, { startedAt: new Date(Date.now() - 60_000) })).id;
      // Two guests watch; the creator's own socket is the publisher and is not one of them.
      await join(watched, { token: creator.accessToken });
      await join(watched, { guestId: randomUUID() });
      await join(watched, { guestId: randomUUID() });
    });
    afterAll(async () => {
      for (const socket of sockets) socket.disconnect();
      await realtime?.close();
      await api?.close();
    });

    it('shows two watching on the live list with two guests in the room, and zero where nobody is', async () => {
      const response = await api.app.inject({ method: 'GET', url: '/api/search/sessions/live' });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as ListBody;
      expect(body.data.map((item) => item.id)).toEqual([watched, empty]);
      expect(watchingById(body)).toEqual({ [watched]: 2, [empty]: 0 });
      for (const item of body.data) expect(() => liveSessionSchema.parse(item)).not.toThrow();
    });

    it('shows the same count on the trending list', async () => {
      const response = await api.app.inject({ method: 'GET', url: '/api/search/sessions/trending' });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as ListBody;
      expect(watchingById(body)).toEqual({ [watched]: 2, [empty]: 0 });
      for (const item of body.data) expect(() => trendingSessionSchema.parse(item)).not.toThrow();
    });

    it('leaves the field off the other session lists', async () => {
      const response = await api.app.inject({ method: 'GET', url: '/api/search/sessions?status=live' });
      expect(response.statusCode, response.body).toBe(200);
      for (const item of (response.json() as ListBody).data) expect(item).not.toHaveProperty('watchingNow');
    });
  });

  describe('with the realtime service down', () => {
    let api: TestApi;
    let sessionId: string;

    beforeAll(async () => {
      api = await startTestApi({
        REALTIME_INTERNAL_URL: `http://127.0.0.1:${await findFreePort()}`,
        LIVE_READ_TIMEOUT_MS: '300',
      });
      sessionId = (await createSession(api.db.prisma)).id;
    });
    afterAll(async () => api?.close());

    it('still lists live and trending sessions, with watchingNow: null', async () => {
      for (const url of ['/api/search/sessions/live', '/api/search/sessions/trending']) {
        const response = await api.app.inject({ method: 'GET', url });
        expect(response.statusCode, response.body).toBe(200);
        expect((response.json() as ListBody).data).toEqual([
          expect.objectContaining({ id: sessionId, watchingNow: null }),
        ]);
      }
    });
  });
});
