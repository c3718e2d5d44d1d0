import { randomUUID } from 'node:crypto';
import type { Prisma } from '@showfloor/db';
import { createUser, findFreePort } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadField } from './support/expect-bad-field.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

type Status = 'scheduled' | 'live' | 'paused' | 'ended';

const base = new Date('2026-03-02T10:00:00.000Z');
const at = (minutes: number, seconds = 0) => new Date(base.getTime() + minutes * 60_000 + seconds * 1_000);

/**
 * One creator's sessions in every status, with hand-counted answers. The realtime service is
 * pointed at a port nobody listens on, so sessions on air answer from stored data (the fallback).
 *
 *   S1 ended   peak 5, stored total 6   reactions heart 10, like 4   views u1 (twice, a reload), u2, u3, guest g1, creator as publisher
 *                                      clicks P1 2 unique / 5 total (stored rate 99: stale), P2 4 / 4
 *   S2 ended   peak 2, no stored total  reactions like 6, fire 1     views u1, g1, g2, creator as publisher → total = 3 distinct subscriber keys
 *                                      clicks P3 3 / 7, P1 1 / 3
 *   S3 live    no stored peak           checkpoint: fire 2           views u2, u3 (still open); snapshots: minute 0 node-a 4 + node-b 3, minute 1 node-a 6
 *                                      checkpoint clicks P2 1 / 2
 *   S4 paused                          reactions clap 2              views g2 only
 *   S5 paused, S7 ended (a malformed reaction entry), S8–S10 scheduled: nothing else
 *   S6 ended   peak 0, stored total 0                                views creator as publisher only; clicks P1 1 / 1
 *   SO (another creator's) ended with big numbers, which must not leak into this creator's figures.
 */
describe('engagement analytics', () => {
  let api: TestApi;
  let creator: SignedInUser;
  let otherCreator: SignedInUser;
  let otherUser: SignedInUser;
  let moderator: SignedInUser;
  let admin: SignedInUser;
  const sessions = {} as Record<'s1' | 's2' | 's3' | 's4' | 's5' | 's6' | 's7' | 's8' | 'so', string>;
  const products = {} as Record<'p1' | 'p2' | 'p3' | 'p4', { id: string; name: string }>;
  const clickStatTimes = new Map<string, { createdAt: Date; updatedAt: Date }>();

  beforeAll(async () => {
    api = await startTestApi({
      REALTIME_INTERNAL_URL: `http://127.0.0.1:${await findFreePort()}`,
      LIVE_READ_TIMEOUT_MS: '300',
    });
    [creator, otherCreator, otherUser, moderator, admin] = await Promise.all([
      signedInUser(api, 'creator'),
      signedInUser(api, 'creator'),
      signedInUser(api, 'user'),
      signedInUser(api, 'moderator'),
      signedInUser(api, 'admin'),
    ]);
    const prisma = api.db.prisma;
    const viewer = () => createUser(prisma, { role: 'user' });
    const [u1, u2, u3, u4] = [await viewer(), await viewer(), await viewer(), await viewer()];
    const product = async (key: keyof typeof products, sellerId: string) => {
      const created = await prisma.product.create({ data: { sellerId, name: `Product ${key}`, price: '10.00' } });
      products[key] = { id: created.id, name: created.name };
    };
    await product('p1', creator.id);
    await product('p2', creator.id);
    await product('p3', creator.id);
    await product('p4', otherCreator.id);

    const session = async (
      key: keyof typeof sessions,
      status: Status,
      data: Partial<Prisma.SessionUncheckedCreateInput> = {},
    ) => {
      const created = await prisma.session.create({
        data: {
          creatorId: creator.id,
          title: `Session ${key}`,
          status,
          startedAt: status === 'scheduled' ? null : base,
          endedAt: status === 'ended' ? at(60) : null,
          createdAt: base,
          ...data,
        },
      });
      sessions[key] = created.id;
    };
    // Creation days (sessions over time): S1 and S2 on 1 March (S2 in its last UTC millisecond), S3 at
    // midnight UTC opening 2 March with S4–S7, S8 and both planned ones on 5 March.
    await session('s1', 'ended', {
      peakViewers: 5,
      totalViewers: 6,
      reactionCounts: { heart: 10, like: 4 },
      createdAt: new Date('2026-03-01T09:00:00.000Z'),
    });
    await session('s2', 'ended', {
      peakViewers: 2,
      reactionCounts: { like: 6, fire: 1 },
      createdAt: new Date('2026-03-01T23:59:59.999Z'),
    });
    await session('s3', 'live', { reactionCounts: { fire: 2 }, createdAt: new Date('2026-03-02T00:00:00.000Z') });
    await session('s4', 'paused', { reactionCounts: { clap: 2 } });
    await session('s5', 'paused');
    await session('s6', 'ended', { peakViewers: 0, totalViewers: 0 });
    await session('s7', 'ended', { reactionCounts: { wave: 'lots' } });
    const planningDay = new Date('2026-03-05T12:00:00.000Z');
    await session('s8', 'scheduled', { createdAt: planningDay });
    await prisma.session.createMany({
      data: [1, 2].map((n) => ({
        creatorId: creator.id,
        title: `Planned ${n}`,
        status: 'scheduled' as const,
        createdAt: planningDay,
      })),
    });
    await session('so', 'ended', {
      creatorId: otherCreator.id,
      createdAt: new Date('2026-03-03T10:00:00.000Z'),
      peakViewers: 100,
      totalViewers: 50,
      reactionCounts: { heart: 1_000 },
    });

    const userView = (sessionId: string, userId: string, minute: number, open = false) => ({
      sessionId,
      viewerKey: `user:${userId}`,
      userId,
      role: userId === creator.id || userId === otherCreator.id ? ('publisher' as const) : ('subscriber' as const),
      joinedAt: at(minute),
      leftAt: open ? null : at(minute + 5),
      watchDuration: open ? null : 300,
    });
    const guestView = (sessionId: string, guestId: string, minute: number) => ({
      sessionId,
      viewerKey: `guest:${guestId}`,
      guestId,
      role: 'subscriber' as const,
      joinedAt: at(minute),
      leftAt: at(minute + 1),
      watchDuration: 60,
    });
    const [g1, g2] = [randomUUID(), randomUUID()];
    await prisma.sessionView.createMany({
      data: [
        userView(sessions.s1, creator.id, 0),
        userView(sessions.s1, u1.id, 1),
        userView(sessions.s1, u1.id, 7),
        userView(sessions.s1, u2.id, 2),
        userView(sessions.s1, u3.id, 3),
        guestView(sessions.s1, g1, 4),
        userView(sessions.s2, creator.id, 0),
        userView(sessions.s2, u1.id, 1),
        guestView(sessions.s2, g1, 2),
        guestView(sessions.s2, g2, 3),
        userView(sessions.s3, u2.id, 1, true),
        userView(sessions.s3, u3.id, 2, true),
        guestView(sessions.s4, g2, 1),
        userView(sessions.s6, creator.id, 0),
        userView(sessions.so, u4.id, 1),
        userView(sessions.so, otherCreator.id, 0),
      ],
    });

    const snapshot = (sessionId: string, minute: number, nodeId: string, peakViewers: number) => ({
      sessionId,
      minute: at(minute),
      nodeId,
      viewerCount: peakViewers - 1,
      avgViewers: peakViewers - 0.5,
      peakViewers,
      minViewers: peakViewers - 2,
      sampleCount: 12,
    });
    await prisma.viewerSnapshot.createMany({
      data: [
        snapshot(sessions.s3, 0, 'node-a', 4),
        snapshot(sessions.s3, 0, 'node-b', 3),
        snapshot(sessions.s3, 1, 'node-a', 6),
        snapshot(sessions.so, 0, 'node-a', 90),
      ],
    });

    const clicks = async (sessionId: string, productId: string, uniqueClicks: number, totalClicks: number) => {
      const stored = await prisma.productClickStat.create({
        data: { sessionId, productId, uniqueClicks, totalClicks, clickThroughRate: 99 },
      });
      clickStatTimes.set(`${sessionId}/${productId}`, { createdAt: stored.createdAt, updatedAt: stored.updatedAt });
    };
    await clicks(sessions.s1, products.p1.id, 2, 5);
    await clicks(sessions.s1, products.p2.id, 4, 4);
    await clicks(sessions.s2, products.p3.id, 3, 7);
    await clicks(sessions.s2, products.p1.id, 1, 3);
    await clicks(sessions.s3, products.p2.id, 1, 2);
    await clicks(sessions.s6, products.p1.id, 1, 1);
    await clicks(sessions.so, products.p4.id, 9, 9);
  });
  afterAll(async () => {
    await api?.close();
  });

  const get = (url: string, as?: SignedInUser | { authorization: string }) =>
    api.app.inject({
      method: 'GET',
      url,
      ...(as ? { headers: 'headers' in as ? as.headers : as } : {}),
    });
  const badToken = { authorization: 'Bearer not.a.valid-token' };

  describe('GET /api/sessions/:sessionId/reactions', () => {
    const url = (id: string) => `/api/sessions/${id}/reactions`;

    it('answers an ended session from its stored counts, most counted first, to anyone', async () => {
      const response = await get(url(sessions.s1));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        success: true,
        data: {
          sessionId: sessions.s1,
          sessionStatus: 'ended',
          isLive: false,
          liveDataAvailable: true,
          figuresFinal: true,
          reactions: { heart: 10, like: 4 },
          sortedReactions: [
            { type: 'heart', count: 10 },
            { type: 'like', count: 4 },
          ],
          total: 14,
        },
      });
    });

    it('gives a signed-in caller the same answer', async () => {
      const anonymous = await get(url(sessions.s2));
      const signedIn = await get(url(sessions.s2), otherUser);
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.json()).toEqual(anonymous.json());
      expect(anonymous.json().data).toMatchObject({
        reactions: { like: 6, fire: 1 },
        sortedReactions: [
          { type: 'like', count: 6 },
          { type: 'fire', count: 1 },
        ],
        total: 7,
      });
    });

    it('answers empty counts for a session nobody reacted to, and leaves out malformed stored entries', async () => {
      for (const [id, sessionStatus] of [
        [sessions.s8, 'scheduled'],
        [sessions.s7, 'ended'],
      ] as const) {
        const response = await get(url(id));
        expect(response.statusCode).toBe(200);
        expect(response.json().data).toEqual({
          sessionId: id,
          sessionStatus,
          isLive: false,
          liveDataAvailable: true,
          figuresFinal: sessionStatus === 'ended',
          reactions: {},
          sortedReactions: [],
          total: 0,
        });
      }
    });

    it('answers the stored checkpoint with liveDataAvailable false when the realtime service does not answer', async () => {
      const live = await get(url(sessions.s3));
      expect(live.statusCode, live.body).toBe(200);
      expect(live.json().data).toEqual({
        sessionId: sessions.s3,
        sessionStatus: 'live',
        isLive: false,
        liveDataAvailable: false,
        figuresFinal: false,
        reactions: { fire: 2 },
        sortedReactions: [{ type: 'fire', count: 2 }],
        total: 2,
      });
      const paused = await get(url(sessions.s4));
      expect(paused.statusCode).toBe(200);
      expect(paused.json().data).toMatchObject({
        sessionStatus: 'paused',
        isLive: false,
        liveDataAvailable: false,
        figuresFinal: false,
        reactions: { clap: 2 },
        total: 2,
      });
    });

    it('refuses a bad token with 401, a malformed id with 400 and an unknown session with 404', async () => {
      expect((await get(url(sessions.s1), badToken)).statusCode).toBe(401);
      expectBadField(await get(url('not-a-uuid')), 'sessionId');
      const unknown = await get(url(randomUUID()));
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('not_found');
    });
  });

  describe('GET /api/sessions/:sessionId/conversion-stats', () => {
    const url = (id: string) => `/api/sessions/${id}/conversion-stats`;
    const storedProduct = (
      sessionId: string,
      key: keyof typeof products,
      uniqueClicks: number,
      totalClicks: number,
      clickThroughRate: number,
    ) => {
      const times = clickStatTimes.get(`${sessionId}/${products[key].id}`);
      return {
        productId: products[key].id,
        productName: products[key].name,
        uniqueClicks,
        totalClicks,
        clickThroughRate,
        createdAt: times?.createdAt.toISOString(),
        updatedAt: times?.updatedAt.toISOString(),
      };
    };

    it('answers an ended session from the stored stats with product names, recomputing the rate (1/3 → 33.3, 2/3 → 66.7)', async () => {
      const response = await get(url(sessions.s1));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        success: true,
        data: {
          sessionId: sessions.s1,
          sessionStatus: 'ended',
          isLive: false,
          liveDataAvailable: true,
          figuresFinal: true,
          totalViewers: 6,
          products: [storedProduct(sessions.s1, 'p2', 4, 4, 66.7), storedProduct(sessions.s1, 'p1', 2, 5, 33.3)],
        },
      });
    });

    it('counts distinct subscribers in the view history when no total was stored (guests in, publisher out)', async () => {
      const response = await get(url(sessions.s2), otherUser);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().data).toEqual({
        sessionId: sessions.s2,
        sessionStatus: 'ended',
        isLive: false,
        liveDataAvailable: true,
        figuresFinal: true,
        totalViewers: 3,
        products: [storedProduct(sessions.s2, 'p3', 3, 7, 100), storedProduct(sessions.s2, 'p1', 1, 3, 33.3)],
      });
    });

    it('gives a rate of 0 when the session had no viewers, and an empty list when nothing was clicked', async () => {
      expect((await get(url(sessions.s6))).json().data).toMatchObject({
        totalViewers: 0,
        products: [storedProduct(sessions.s6, 'p1', 1, 1, 0)],
      });
      expect((await get(url(sessions.s8))).json().data).toEqual({
        sessionId: sessions.s8,
        sessionStatus: 'scheduled',
        isLive: false,
        liveDataAvailable: true,
        figuresFinal: false,
        totalViewers: 0,
        products: [],
      });
    });

    it('answers a live session from stored data with liveDataAvailable false when the realtime service does not answer', async () => {
      const response = await get(url(sessions.s3));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().data).toEqual({
        sessionId: sessions.s3,
        sessionStatus: 'live',
        isLive: false,
        liveDataAvailable: false,
        figuresFinal: false,
        totalViewers: 2,
        products: [storedProduct(sessions.s3, 'p2', 1, 2, 50)],
      });
    });

    it('refuses a bad token with 401, a malformed id with 400 and an unknown session with 404', async () => {
      expect((await get(url(sessions.s1), badToken)).statusCode).toBe(401);
      expectBadField(await get(url('not-a-uuid')), 'sessionId');
      expect((await get(url(randomUUID()))).statusCode).toBe(404);
    });
  });

  describe('GET /api/analytics/creator/:creatorId', () => {
    const url = (id: string) => `/api/analytics/creator/${id}`;
    const expected = () => ({
      creatorId: creator.id,
      // S3, S4 and S5 are on air and the realtime service does not answer: their stored figures stand in.
      liveDataAvailable: false,
      sessions: { total: 10, byStatus: { live: 1, ended: 4, scheduled: 3, paused: 2 } },
      // u1, u2, u3; per session S1 3, S2 1, S3 2, S4 0 (guests only) → 6 / 4 = 1.5 → 2. S6 had only its publisher.
      // Peak: S3's minute 0 adds node-a's 4 and node-b's 3 → 7, above every stored peak and minute 1's 6.
      viewers: { totalUnique: 3, averagePerSession: 2, peakConcurrent: 7 },
      reactions: { total: 25, breakdown: { heart: 10, like: 10, fire: 3, clap: 2 } },
      // Clicks 5 + 4 + 7 + 3 + 2 + 1; unique users: the most-clicked product per session 4 + 3 + 1 + 1;
      // rates 33.3, 66.7, 100, 33.3, 50 (S3: 1 of 2 subscribers), 0 (S6: no viewers) → 283.3 / 6 = 47.2.
      products: { totalClicks: 22, uniqueUsers: 9, averageCTR: 47.2 },
      // Per UTC creation day, oldest first; 3 March (only the other creator's SO) is not a day of theirs.
      sessionsOverTime: [
        { date: '2026-03-01', count: 2 },
        { date: '2026-03-02', count: 5 },
        { date: '2026-03-05', count: 3 },
      ],
    });

    it('gives the creator their figures over every session', async () => {
      const response = await get(url(creator.id), creator);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ success: true, data: expected() });
      expect(Object.keys(response.json().data.reactions.breakdown)).toEqual(['heart', 'like', 'fire', 'clap']);
    });

    it('counts sessions per UTC creation day, whatever their status, adding up to the total', async () => {
      const { data } = (await get(url(creator.id), creator)).json();
      const days: { date: string; count: number }[] = data.sessionsOverTime;
      expect(days.map((day) => day.date)).toEqual(['2026-03-01', '2026-03-02', '2026-03-05']);
      expect(days.reduce((sum, day) => sum + day.count, 0)).toBe(data.sessions.total);
      // A session created now lands on today's UTC date, at the end.
      const created = await api.app.inject({
        method: 'POST',
        url: '/api/sessions',
        headers: creator.headers,
        payload: { title: 'Created today' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const fresh: { id: string; createdAt: string } = created.json().data;
      try {
        const after: { date: string; count: number }[] = (await get(url(creator.id), creator)).json().data
          .sessionsOverTime;
        expect(after).toHaveLength(4);
        expect(after.at(-1)).toEqual({ date: fresh.createdAt.slice(0, 10), count: 1 });
      } finally {
        await api.app.inject({ method: 'DELETE', url: `/api/sessions/${fresh.id}`, headers: creator.headers });
      }
    });

    it('gives an admin the same figures', async () => {
      const response = await get(url(creator.id), admin);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().data).toEqual(expected());
    });

    it('refuses anonymous callers with 401 and everyone else with 403', async () => {
      expect((await get(url(creator.id))).statusCode).toBe(401);
      for (const caller of [otherUser, otherCreator, moderator]) {
        const response = await get(url(creator.id), caller);
        expect(response.statusCode, caller.role).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
      }
      expect((await get(url(creator.id), badToken)).statusCode).toBe(401);
    });

    it('answers all zeros, every status included, for a user who never streamed', async () => {
      const response = await get(url(otherUser.id), otherUser);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().data).toEqual({
        creatorId: otherUser.id,
        liveDataAvailable: true,
        sessions: { total: 0, byStatus: { live: 0, ended: 0, scheduled: 0, paused: 0 } },
        viewers: { totalUnique: 0, averagePerSession: 0, peakConcurrent: 0 },
        reactions: { total: 0, breakdown: {} },
        products: { totalClicks: 0, uniqueUsers: 0, averageCTR: 0 },
        sessionsOverTime: [],
      });
    });

    it('answers 404 for an unknown creator to an admin, and 403 to anyone else so existence does not leak', async () => {
      const unknown = randomUUID();
      const forAdmin = await get(url(unknown), admin);
      expect(forAdmin.statusCode).toBe(404);
      expect(forAdmin.json().error.code).toBe('not_found');
      expect((await get(url(unknown), creator)).statusCode).toBe(403);
    });

    it('refuses a malformed id with 400 naming creatorId', async () => {
      expectBadField(await get(url('not-a-uuid'), admin), 'creatorId');
    });
  });

  describe('one click-through rate everywhere (201 unique clickers of 400 viewers: 50.25 → 50.3)', () => {
    /**
     * A creator of their own with two ended sessions of 400 distinct subscribers: A with the total
     * stored at the end of the stream, B without one (so its 400 distinct keys are counted from 410
     * view records: ten reloads, and the creator's publisher view left out).
     */
    let owner: SignedInUser;
    let storedTotal: string;
    let countedTotal: string;

    beforeAll(async () => {
      owner = await signedInUser(api, 'creator');
      const prisma = api.db.prisma;
      const productId = (await prisma.product.create({ data: { sellerId: owner.id, name: 'Vase', price: '9.00' } })).id;
      const ended = async (totalViewers: number | null) =>
        (
          await prisma.session.create({
            data: {
              creatorId: owner.id,
              title: 'Vases',
              status: 'ended',
              startedAt: base,
              endedAt: at(60),
              totalViewers,
            },
          })
        ).id;
      storedTotal = await ended(400);
      countedTotal = await ended(null);
      const guests = Array.from({ length: 400 }, () => randomUUID());
      await prisma.sessionView.createMany({
        data: [...guests, ...guests.slice(0, 10)].map((guestId, n) => ({
          sessionId: countedTotal,
          viewerKey: `guest:${guestId}`,
          guestId,
          role: 'subscriber' as const,
          joinedAt: at(n % 50),
          leftAt: at(n % 50, 30),
          watchDuration: 30,
        })),
      });
      await prisma.sessionView.create({
        data: {
          sessionId: countedTotal,
          viewerKey: `user:${owner.id}`,
          userId: owner.id,
          role: 'publisher',
          joinedAt: base,
        },
      });
      for (const sessionId of [storedTotal, countedTotal]) {
        await prisma.productClickStat.create({
          // The stored rate is a stale float-rounded 50.2: the answers recompute it from the counts.
          data: { sessionId, productId, uniqueClicks: 201, totalClicks: 260, clickThroughRate: 50.2 },
        });
      }
    });

    it('gives 50.3 in conversion-stats (stored path) and on the creator dashboard', async () => {
      for (const sessionId of [storedTotal, countedTotal]) {
        const conversions = (await get(`/api/sessions/${sessionId}/conversion-stats`)).json().data;
        expect(conversions).toMatchObject({ isLive: false, totalViewers: 400 });
        expect(conversions.products.map((product: { clickThroughRate: number }) => product.clickThroughRate)).toEqual([
          50.3,
        ]);
      }
      const dashboard = await get(`/api/analytics/creator/${owner.id}`, owner);
      expect(dashboard.statusCode, dashboard.body).toBe(200);
      expect(dashboard.json().data.products).toEqual({ totalClicks: 520, uniqueUsers: 402, averageCTR: 50.3 });
    });
  });

  it('documents the three routes in OpenAPI under the analytics tag, with bearer security where a token counts', async () => {
    const { paths } = (await get('/docs/json')).json();
    const reactions = paths['/api/sessions/{sessionId}/reactions'].get;
    const conversions = paths['/api/sessions/{sessionId}/conversion-stats'].get;
    const creatorDashboard = paths['/api/analytics/creator/{creatorId}'].get;
    for (const operation of [reactions, conversions, creatorDashboard]) {
      expect(operation.tags).toEqual(['analytics']);
      expect(Object.keys(operation.responses)).toContain('200');
    }
    expect(reactions.security).toBeUndefined();
    expect(conversions.security).toEqual([{}, { bearerAuth: [] }]);
    expect(creatorDashboard.security).toEqual([{ bearerAuth: [] }]);
    expect(JSON.stringify(conversions.responses['200'])).toContain('liveDataAvailable');
    expect(JSON.stringify(creatorDashboard.responses['200'])).toContain('averageCTR');
    expect(JSON.stringify(creatorDashboard.responses['200'])).toContain('liveDataAvailable');
  });
});
