import { randomUUID } from 'node:crypto';
import { createSession, waitFor } from '@showfloor/testing';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningRealtime, startApiWithRealtime } from './support/listening-realtime.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import type { TestApi } from './support/test-api.ts';

/** Session analytics while a stream is live, with the real realtime service counting. */
describe('/api/sessions/:sessionId/analytics… while live', () => {
  let realtime: ListeningRealtime;
  let api: TestApi;
  let owner: SignedInUser;
  let admin: SignedInUser;
  let watcher: SignedInUser;
  let watcherName: string | null;
  let sessionId: string;
  const guestId = randomUUID();
  const sockets: Socket[] = [];

  /** A socket that has joined the session: signed in with `token`, else a guest known by `guest`. */
  async function joinAs(auth: { token: string } | { guestId: string }): Promise<Socket> {
    const socket = io(realtime.url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    const ack = await socket.emitWithAck('join-session', { sessionId });
    if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack)}`);
    return socket;
  }

  beforeAll(async () => {
    // Both services on real ports: realtime reads session facts from the API and flushes views to
    // it; the API reads live counters from realtime.
    ({ api, realtime } = await startApiWithRealtime());
    [owner, admin, watcher] = await Promise.all([
      signedInUser(api, 'creator'),
      signedInUser(api, 'admin'),
      signedInUser(api, 'user'),
    ]);
    watcherName = (await api.db.prisma.user.findUniqueOrThrow({ where: { id: watcher.id } })).name;
    // Counts another node reported earlier: the live counts continue from them.
    sessionId = (await createSession(api.db.prisma, { creatorId: owner.id, reactionCounts: { like: 50 } })).id;
    await api.db.prisma.sessionNodeTotals.create({
      data: { sessionId, nodeId: 'earlier-node', reactionCounts: { like: 50 }, peakViewers: 0, totalViewers: 0 },
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    // Realtime first, so its last flush of view records still finds the API listening.
    await realtime?.close();
    await api?.close();
  });

  const get = (url: string, as: SignedInUser) => api.app.inject({ method: 'GET', url, headers: as.headers });

  it('lists who is watching now, subscribers only, with names of signed-in viewers, and forgets who left', async () => {
    const before = Date.now();
    await joinAs({ token: owner.accessToken });
    const guest = await joinAs({ guestId });
    await joinAs({ token: watcher.accessToken });

    const response = await get(`/api/sessions/${sessionId}/analytics/live`, owner);
    expect(response.statusCode, response.body).toBe(200);
    const data = response.json().data;
    expect(data).toMatchObject({ sessionId, isLive: true, viewerCount: 2 });
    // Longest watching first; the publisher (the owner's own socket) is not a viewer.
    expect(data.viewers).toEqual([
      {
        viewerKey: `guest:${guestId}`,
        userId: null,
        name: null,
        guestId,
        joinedAt: expect.any(String),
        watchDuration: expect.any(Number),
      },
      {
        viewerKey: `user:${watcher.id}`,
        userId: watcher.id,
        name: watcherName,
        guestId: null,
        joinedAt: expect.any(String),
        watchDuration: expect.any(Number),
      },
    ]);
    for (const viewer of data.viewers) {
      expect(Date.parse(viewer.joinedAt)).toBeGreaterThanOrEqual(before - 1_000);
      expect(viewer.watchDuration).toBeGreaterThanOrEqual(0);
      expect(viewer.watchDuration).toBeLessThan(60);
    }

    guest.disconnect();
    await waitFor(
      async () => {
        const after = (await get(`/api/sessions/${sessionId}/analytics/live`, admin)).json().data;
        return after.viewerCount === 1 && after.viewers.length === 1 && after.viewers[0].userId === watcher.id;
      },
      { what: 'the guest to leave the live list' },
    );
  });

  it('shows live reactions (continuing the checkpointed counts) and the live peak, with `isLive: true`', async () => {
    const socket = sockets.at(-1) as Socket;
    for (const type of ['heart', 'fire', 'heart']) {
      const ack = await socket.emitWithAck('send-reaction', { sessionId, type });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
    }
    const response = await get(`/api/sessions/${sessionId}/analytics`, owner);
    expect(response.statusCode, response.body).toBe(200);
    const data = response.json().data;
    expect(data.isLive).toBe(true);
    expect(data.reactions).toEqual({ total: 53, breakdown: { like: 50, heart: 2, fire: 1 } });
    expect(Object.keys(data.reactions.breakdown)).toEqual(['like', 'heart', 'fire']);
    // Two subscribers watched at once; nothing is stored yet, so the realtime peak is the answer.
    expect(data.viewers.peak).toBe(2);
  });

  it('counts the views the realtime service recorded, publishers apart', async () => {
    const data = await waitFor(
      async () => {
        const body = (await get(`/api/sessions/${sessionId}/analytics`, owner)).json().data;
        return body.viewers.total === 2 ? body : undefined;
      },
      { what: 'the view records to reach the API' },
    );
    // The guest and the signed-in watcher; the owner's publisher view is in neither number.
    expect(data.viewers).toMatchObject({ unique: 1, total: 2 });
    expect(data.engagement.viewerTimeline.reduce((sum: number, hour: { joins: number }) => sum + hour.joins, 0)).toBe(
      2,
    );

    const history = (await get(`/api/sessions/${sessionId}/analytics/viewers`, owner)).json();
    expect(history.data.publishers.map((view: { user: { id: string } }) => view.user.id)).toEqual([owner.id]);
    expect(history.data.subscribers.map((view: { viewerKey: string }) => view.viewerKey).sort()).toEqual(
      [`guest:${guestId}`, `user:${watcher.id}`].sort(),
    );
    expect(history.meta.total).toBe(2);
  });
});
