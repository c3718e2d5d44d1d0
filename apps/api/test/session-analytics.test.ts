import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@showfloor/db';
import { createSession, createUser, findFreePort } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectBadField } from './support/expect-bad-field.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

/*
 * A hand-made session with known answers. The API's clock is frozen at `now` (only Date is faked;
 * timers run for real), so the open view has watched exactly one hour and time ranges are exact.
 * REALTIME_INTERNAL_URL points at a port nobody listens on: the live session's analytics must come
 * from PostgreSQL alone, say `isLive: false`, and still answer 200.
 */
const now = new Date('2026-11-20T12:30:00.000Z');
const at = (time: string, day = '2026-11-20') => new Date(`${day}T${time}.000Z`);
const iso = (time: string, day = '2026-11-20') => at(time, day).toISOString();

interface ViewFixture {
  id?: string;
  viewerKey: string;
  userId?: string | null;
  guestId?: string | null;
  role?: 'publisher' | 'subscriber';
  joinedAt: Date;
  leftAt?: Date | null;
  watchDuration?: number | null;
}

function insertViews(prisma: PrismaClient, sessionId: string, views: ViewFixture[]) {
  return prisma.sessionView.createMany({
    data: views.map((view) => ({
      id: view.id ?? randomUUID(),
      sessionId,
      viewerKey: view.viewerKey,
      userId: view.userId ?? null,
      guestId: view.guestId ?? null,
      role: view.role ?? 'subscriber',
      joinedAt: view.joinedAt,
      leftAt: view.leftAt ?? null,
      watchDuration: view.watchDuration ?? null,
    })),
  });
}

function insertSnapshots(
  prisma: PrismaClient,
  sessionId: string,
  rows: [minute: Date, nodeId: string, viewerCount: number, avg: number, peak: number, min: number, samples: number][],
) {
  return prisma.viewerSnapshot.createMany({
    data: rows.map(([minute, nodeId, viewerCount, avgViewers, peakViewers, minViewers, sampleCount]) => ({
      sessionId,
      minute,
      nodeId,
      viewerCount,
      avgViewers,
      peakViewers,
      minViewers,
      sampleCount,
    })),
  });
}

describe('/api/sessions/:sessionId/analytics…', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let admin: SignedInUser;
  let otherUser: SignedInUser;
  let otherCreator: SignedInUser;
  let ownerName: string | null;
  /** Live, with every kind of view, reactions, clicks, products and snapshots. */
  let liveId: string;
  /** Ended, with a view its node never closed. */
  let endedId: string;
  /** Scheduled, with nothing recorded yet. */
  let emptyId: string;
  const users = { u1: '', u2: '', u3: '' };
  const products = { keyboard: '', mouse: '', headset: '', cable: '' };
  const viewIds = {
    publisher: randomUUID(),
    guestA: randomUUID(),
    guestB: randomUUID(),
    u1First: randomUUID(),
    u1Second: randomUUID(),
    u2: randomUUID(),
    u3Open: randomUUID(),
    guestC: randomUUID(),
    guestD: randomUUID(),
  };
  const guests = { a: randomUUID(), b: randomUUID(), c: randomUUID(), d: randomUUID() };

  beforeAll(async () => {
    api = await startTestApi({ REALTIME_INTERNAL_URL: `http://127.0.0.1:${await findFreePort()}` });
    vi.useFakeTimers({ toFake: ['Date'], now });
    [owner, admin, otherUser, otherCreator] = await Promise.all([
      signedInUser(api, 'creator'),
      signedInUser(api, 'admin'),
      signedInUser(api, 'user'),
      signedInUser(api, 'creator'),
    ]);
    const prisma = api.db.prisma;
    ownerName = (await prisma.user.findUniqueOrThrow({ where: { id: owner.id } })).name;
    users.u1 = (await createUser(prisma, { name: 'Ursula One', role: 'user' })).id;
    users.u2 = (await createUser(prisma, { name: 'Umar Two', role: 'user' })).id;
    users.u3 = (await createUser(prisma, { name: 'Uma Three', role: 'user' })).id;

    liveId = (
      await createSession(prisma, {
        creatorId: owner.id,
        title: 'Keyboards live',
        status: 'live',
        startedAt: at('04:50:00'),
        createdAt: at('04:00:00'),
        updatedAt: at('04:50:00'),
        peakViewers: 3,
        reactionCounts: { like: 5, heart: 12, clap: 3, fire: 0 },
      })
    ).id;

    const product = async (name: string) =>
      (await prisma.product.create({ data: { sellerId: owner.id, name, price: '19.99' } })).id;
    products.keyboard = await product('Gaming Keyboard');
    products.mouse = await product('Mouse');
    products.headset = await product('Headset');
    products.cable = await product('Cable');
    await prisma.sessionProduct.createMany({
      data: [
        { sessionId: liveId, productId: products.keyboard, featured: true, displayOrder: 1, addedAt: at('04:10:00') },
        { sessionId: liveId, productId: products.mouse, featured: false, displayOrder: 2, addedAt: at('04:05:00') },
        { sessionId: liveId, productId: products.headset, featured: true, displayOrder: 0, addedAt: at('04:20:00') },
        { sessionId: liveId, productId: products.cable, featured: false, displayOrder: 2, addedAt: at('04:01:00') },
      ],
    });
    // Clicks belong to conversion stats; they must not move any number here.
    await prisma.productClickStat.create({
      data: { sessionId: liveId, productId: products.keyboard, uniqueClicks: 2, totalClicks: 5, clickThroughRate: 25 },
    });

    await insertViews(prisma, liveId, [
      // The creator watching their own stream: in no metric, only in the publishers list.
      {
        id: viewIds.publisher,
        viewerKey: `user:${owner.id}`,
        userId: owner.id,
        role: 'publisher',
        joinedAt: at('04:55:00'),
        leftAt: at('12:20:00'),
        watchDuration: 26_700,
      },
      // Under 10 s: in the ranges and percentiles, not in the average.
      {
        id: viewIds.guestA,
        viewerKey: `guest:${guests.a}`,
        guestId: guests.a,
        joinedAt: at('10:05:00'),
        leftAt: at('10:05:05'),
        watchDuration: 5,
      },
      {
        id: viewIds.guestB,
        viewerKey: `guest:${guests.b}`,
        guestId: guests.b,
        joinedAt: at('10:10:00'),
        leftAt: at('10:10:45'),
        watchDuration: 45,
      },
      // One user, two views: two in `total`, one in `unique`.
      {
        id: viewIds.u1First,
        viewerKey: `user:${users.u1}`,
        userId: users.u1,
        joinedAt: at('10:15:00'),
        leftAt: at('10:17:00'),
        watchDuration: 120,
      },
      {
        id: viewIds.u1Second,
        viewerKey: `user:${users.u1}`,
        userId: users.u1,
        joinedAt: at('11:00:00'),
        leftAt: at('11:10:00'),
        watchDuration: 600,
      },
      {
        id: viewIds.u2,
        viewerKey: `user:${users.u2}`,
        userId: users.u2,
        joinedAt: at('10:20:00'),
        leftAt: at('10:40:00'),
        watchDuration: 1_200,
      },
      // Still watching: one hour so far.
      { id: viewIds.u3Open, viewerKey: `user:${users.u3}`, userId: users.u3, joinedAt: at('11:30:00') },
      // Exactly 30 s: the first second of `30s-1m`.
      {
        id: viewIds.guestC,
        viewerKey: `guest:${guests.c}`,
        guestId: guests.c,
        joinedAt: at('11:50:00'),
        leftAt: at('11:50:30'),
        watchDuration: 30,
      },
      // Exactly 5 min, with no stored duration: read from its timestamps, the first second of `5m-15m`.
      {
        id: viewIds.guestD,
        viewerKey: `guest:${guests.d}`,
        guestId: guests.d,
        joinedAt: at('12:00:00'),
        leftAt: at('12:05:00'),
      },
    ]);
    await insertSnapshots(prisma, liveId, [
      [at('05:00:00'), 'node-a', 0, 0, 0, 0, 12],
      // Two nodes in the same minute: summed.
      [at('10:20:00'), 'node-a', 2, 1.5, 2, 1, 12],
      [at('10:20:00'), 'node-b', 1, 1.25, 2, 0, 11],
      [at('10:21:00'), 'node-a', 3, 2.5, 3, 2, 12],
      [at('11:30:00'), 'node-a', 1, 1, 1, 1, 12],
      [at('12:29:00'), 'node-b', 2, 2, 2, 2, 6],
    ]);

    endedId = (
      await createSession(prisma, {
        creatorId: owner.id,
        title: 'Yesterday',
        status: 'ended',
        startedAt: at('17:00:00', '2026-11-19'),
        endedAt: at('20:00:00', '2026-11-19'),
        createdAt: at('16:00:00', '2026-11-19'),
        updatedAt: at('20:00:00', '2026-11-19'),
        peakViewers: 7,
        reactionCounts: { like: 4, wow: 4, fire: 9 },
      })
    ).id;
    await insertViews(prisma, endedId, [
      {
        viewerKey: `guest:${guests.a}`,
        guestId: guests.a,
        joinedAt: at('19:00:00', '2026-11-19'),
        leftAt: at('19:00:09', '2026-11-19'),
        watchDuration: 9,
      },
      // Never closed (its node died): counted up to the stream's end, not up to now.
      { viewerKey: `user:${users.u1}`, userId: users.u1, joinedAt: at('19:50:00', '2026-11-19') },
    ]);
    await insertSnapshots(prisma, endedId, [
      [at('18:00:00', '2026-11-19'), 'node-a', 5, 5, 6, 4, 12],
      [at('19:30:00', '2026-11-19'), 'node-a', 3, 3, 3, 3, 12],
      [at('19:59:00', '2026-11-19'), 'node-a', 1, 1, 1, 1, 12],
    ]);

    emptyId = (await createSession(prisma, { creatorId: owner.id, status: 'scheduled', startedAt: null })).id;

    // Another creator's session, to prove nothing leaks across sessions.
    const noiseId = (await createSession(prisma, { creatorId: otherCreator.id, peakViewers: 99 })).id;
    await insertViews(prisma, noiseId, [
      { viewerKey: `user:${users.u2}`, userId: users.u2, joinedAt: at('10:00:00'), leftAt: at('11:00:00') },
    ]);
    await insertSnapshots(prisma, noiseId, [[at('10:20:00'), 'node-a', 50, 50, 50, 50, 12]]);
  });

  afterAll(async () => {
    vi.useRealTimers();
    await api?.close();
  });

  const get = (url: string, as?: SignedInUser) =>
    api.app.inject({ method: 'GET', url, ...(as ? { headers: as.headers } : {}) });

  describe('GET /:sessionId/analytics', () => {
    it('answers every figure of the hand-made live session from stored data when realtime is silent', async () => {
      const response = await get(`/api/sessions/${liveId}/analytics`, owner);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        success: true,
        data: {
          sessionId: liveId,
          isLive: false,
          figuresFinal: false,
          session: {
            title: 'Keyboards live',
            status: 'live',
            creator: { id: owner.id, name: ownerName, email: owner.email },
            createdAt: iso('04:00:00'),
            updatedAt: iso('04:50:00'),
            startedAt: iso('04:50:00'),
            endedAt: null,
          },
          viewers: {
            // Users 1, 2 and 3; guests and the publisher are not users here.
            unique: 3,
            // Eight subscriber views; the publisher's is not one.
            total: 8,
            // Stored peak 3 < the 10:20 minute, where node-a's 2 and node-b's 2 sum to 4.
            peak: 4,
            // (45 + 120 + 600 + 1200 + 3600 + 30 + 300) / 7 = 842.14 → 842; the 5 s view is left out.
            avgWatchTime: 842,
            avgWatchTimeFormatted: '14m 2s',
          },
          products: {
            total: 4,
            featured: 2,
            list: [
              {
                productId: products.headset,
                name: 'Headset',
                featured: true,
                displayOrder: 0,
                addedAt: iso('04:20:00'),
              },
              {
                productId: products.keyboard,
                name: 'Gaming Keyboard',
                featured: true,
                displayOrder: 1,
                addedAt: iso('04:10:00'),
              },
              { productId: products.cable, name: 'Cable', featured: false, displayOrder: 2, addedAt: iso('04:01:00') },
              { productId: products.mouse, name: 'Mouse', featured: false, displayOrder: 2, addedAt: iso('04:05:00') },
            ],
          },
          reactions: { total: 20, breakdown: { heart: 12, like: 5, clap: 3 } },
          engagement: {
            // No 04:00 hour: that is when only the publisher joined.
            viewerTimeline: [
              { timestamp: iso('10:00:00'), joins: 4, leaves: 4 },
              { timestamp: iso('11:00:00'), joins: 3, leaves: 2 },
              { timestamp: iso('12:00:00'), joins: 1, leaves: 1 },
            ],
            retention: {
              // Watch times 5, 30, 45, 120, 300, 600, 1200, 3600.
              ranges: [
                { label: '0-30s', count: 1 },
                { label: '30s-1m', count: 2 },
                { label: '1m-5m', count: 1 },
                { label: '5m-15m', count: 2 },
                { label: '15m-30m', count: 1 },
                { label: '30m+', count: 1 },
              ],
              // percentile_cont over 8 values: positions 3.5, 5.25 and 6.3 of 0…7.
              median: 210,
              medianFormatted: '3m 30s',
              p75: 750,
              p75Formatted: '12m 30s',
              p90: 1_920,
              p90Formatted: '32m 0s',
            },
          },
        },
      });
    });

    it("uses an ended session's stored reactions and peak, and counts a never-closed view up to the stream's end", async () => {
      const response = await get(`/api/sessions/${endedId}/analytics`, owner);
      expect(response.statusCode, response.body).toBe(200);
      const data = response.json().data;
      expect(data.isLive).toBe(false);
      expect(data.session).toMatchObject({
        status: 'ended',
        startedAt: iso('17:00:00', '2026-11-19'),
        endedAt: iso('20:00:00', '2026-11-19'),
      });
      // Stored peak 7 beats the snapshots' 6.
      expect(data.viewers).toEqual({
        unique: 1,
        total: 2,
        peak: 7,
        avgWatchTime: 600,
        avgWatchTimeFormatted: '10m 0s',
      });
      expect(data.reactions).toEqual({ total: 17, breakdown: { fire: 9, like: 4, wow: 4 } });
      expect(Object.keys(data.reactions.breakdown)).toEqual(['fire', 'like', 'wow']);
      expect(data.products).toEqual({ total: 0, featured: 0, list: [] });
      // Watch times 9 and 600: percentiles 304.5 → 305 (halves round up), 452.25 → 452 and 540.9 → 541.
      expect(data.engagement).toEqual({
        viewerTimeline: [{ timestamp: iso('19:00:00', '2026-11-19'), joins: 2, leaves: 1 }],
        retention: {
          ranges: [
            { label: '0-30s', count: 1 },
            { label: '30s-1m', count: 0 },
            { label: '1m-5m', count: 0 },
            { label: '5m-15m', count: 1 },
            { label: '15m-30m', count: 0 },
            { label: '30m+', count: 0 },
          ],
          median: 305,
          medianFormatted: '5m 5s',
          p75: 452,
          p75Formatted: '7m 32s',
          p90: 541,
          p90Formatted: '9m 1s',
        },
      });
    });

    it('answers zeros, empty lists and `0s` for a session with nothing recorded', async () => {
      const response = await get(`/api/sessions/${emptyId}/analytics`, owner);
      expect(response.statusCode, response.body).toBe(200);
      const data = response.json().data;
      expect(data.isLive).toBe(false);
      expect(data.viewers).toEqual({ unique: 0, total: 0, peak: 0, avgWatchTime: 0, avgWatchTimeFormatted: '0s' });
      expect(data.reactions).toEqual({ total: 0, breakdown: {} });
      expect(data.products).toEqual({ total: 0, featured: 0, list: [] });
      expect(data.engagement.viewerTimeline).toEqual([]);
      expect(data.engagement.retention).toMatchObject({
        median: 0,
        medianFormatted: '0s',
        p75: 0,
        p75Formatted: '0s',
        p90: 0,
        p90Formatted: '0s',
      });
      expect(data.engagement.retention.ranges.every((range: { count: number }) => range.count === 0)).toBe(true);
    });

    it("shows the creator's email (seed 003) to the creator and to an admin, and no one else's", async () => {
      for (const reader of [owner, admin]) {
        const response = await get(`/api/sessions/${liveId}/analytics`, reader);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json().data.session.creator).toEqual({ id: owner.id, name: ownerName, email: owner.email });
        // The only address in the answer: not the reader's, nor any viewer's.
        expect(response.body.match(/[\w.+-]+@example\.test/g)).toEqual([owner.email]);
      }
      for (const outsider of [otherUser, otherCreator]) {
        const refused = await get(`/api/sessions/${liveId}/analytics`, outsider);
        expect(refused.statusCode).toBe(403);
        expect(refused.body).not.toContain(owner.email);
      }
    });
  });

  describe('GET /:sessionId/analytics/live', () => {
    it('is empty with `isLive: false` when the realtime service does not answer', async () => {
      const response = await get(`/api/sessions/${liveId}/analytics/live`, owner);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        success: true,
        data: { sessionId: liveId, isLive: false, viewerCount: 0, viewers: [] },
      });
    });

    it('is empty with `isLive: false` for a session that is not live', async () => {
      const response = await get(`/api/sessions/${endedId}/analytics/live`, admin);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().data).toEqual({ sessionId: endedId, isLive: false, viewerCount: 0, viewers: [] });
    });
  });

  describe('GET /:sessionId/analytics/viewers', () => {
    const subscriberOrder = () => [
      [viewIds.guestD, 300],
      [viewIds.guestC, 30],
      [viewIds.u3Open, 3_600],
      [viewIds.u1Second, 600],
      [viewIds.u2, 1_200],
      [viewIds.u1First, 120],
      [viewIds.guestB, 45],
      [viewIds.guestA, 5],
    ];

    it('lists publishers apart from subscribers, newest first, with users by id and name and guests by id', async () => {
      const response = await get(`/api/sessions/${liveId}/analytics/viewers`, owner);
      expect(response.statusCode, response.body).toBe(200);
      const { data, meta } = response.json();
      expect(meta).toEqual({ total: 8, limit: 20, offset: 0, hasMore: false });
      expect(data.sessionId).toBe(liveId);
      expect(data.publishers).toEqual([
        {
          id: viewIds.publisher,
          viewerKey: `user:${owner.id}`,
          user: { id: owner.id, name: ownerName },
          guestId: null,
          joinedAt: iso('04:55:00'),
          leftAt: iso('12:20:00'),
          watchDuration: 26_700,
        },
      ]);
      expect(
        data.subscribers.map((view: { id: string; watchDuration: number }) => [view.id, view.watchDuration]),
      ).toEqual(subscriberOrder());
      const byId = new Map(data.subscribers.map((view: { id: string }) => [view.id, view]));
      expect(byId.get(viewIds.u3Open)).toEqual({
        id: viewIds.u3Open,
        viewerKey: `user:${users.u3}`,
        user: { id: users.u3, name: 'Uma Three' },
        guestId: null,
        joinedAt: iso('11:30:00'),
        leftAt: null,
        watchDuration: 3_600,
      });
      expect(byId.get(viewIds.guestD)).toEqual({
        id: viewIds.guestD,
        viewerKey: `guest:${guests.d}`,
        user: null,
        guestId: guests.d,
        joinedAt: iso('12:00:00'),
        leftAt: iso('12:05:00'),
        watchDuration: 300,
      });
    });

    it('pages the subscribers with limit and offset; publishers always come in full', async () => {
      const response = await get(`/api/sessions/${liveId}/analytics/viewers?limit=3&offset=2`, owner);
      expect(response.statusCode, response.body).toBe(200);
      const { data, meta } = response.json();
      expect(meta).toEqual({ total: 8, limit: 3, offset: 2, hasMore: true });
      expect(data.subscribers.map((view: { id: string }) => view.id)).toEqual(
        subscriberOrder()
          .slice(2, 5)
          .map(([id]) => id),
      );
      expect(data.publishers).toHaveLength(1);
    });

    it("counts a never-closed view of an ended session up to the stream's end", async () => {
      const response = await get(`/api/sessions/${endedId}/analytics/viewers`, owner);
      expect(response.statusCode, response.body).toBe(200);
      const { data } = response.json();
      expect(data.publishers).toEqual([]);
      expect(
        data.subscribers.map((view: { leftAt: string | null; watchDuration: number }) => view.watchDuration),
      ).toEqual([600, 9]);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['offset=-1', 'offset'],
    ])('refuses %s with 400 naming `%s`', async (query, field) => {
      expectBadField(await get(`/api/sessions/${liveId}/analytics/viewers?${query}`, owner), field);
    });
  });

  describe('GET /:sessionId/analytics/snapshots', () => {
    const snapshots = async (sessionId: string, query = '') => {
      const response = await get(`/api/sessions/${sessionId}/analytics/snapshots${query}`, owner);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().data;
    };

    it('answers every minute in order, summing the nodes that reported the same minute', async () => {
      expect(await snapshots(liveId)).toEqual({
        snapshots: [
          {
            timestamp: iso('05:00:00'),
            viewerCount: 0,
            avgViewers: 0,
            peakViewers: 0,
            minViewers: 0,
            sampleCount: 12,
          },
          {
            timestamp: iso('10:20:00'),
            viewerCount: 3,
            avgViewers: 2.75,
            peakViewers: 4,
            minViewers: 1,
            sampleCount: 12,
          },
          {
            timestamp: iso('10:21:00'),
            viewerCount: 3,
            avgViewers: 2.5,
            peakViewers: 3,
            minViewers: 2,
            sampleCount: 12,
          },
          {
            timestamp: iso('11:30:00'),
            viewerCount: 1,
            avgViewers: 1,
            peakViewers: 1,
            minViewers: 1,
            sampleCount: 12,
          },
          {
            timestamp: iso('12:29:00'),
            viewerCount: 2,
            avgViewers: 2,
            peakViewers: 2,
            minViewers: 2,
            sampleCount: 6,
          },
        ],
        // (0 + 2.75 + 2.5 + 1 + 2) / 5 = 1.65; 05:00 → 12:29 is 450 minutes, both ends included.
        summary: { totalSnapshots: 5, overallPeak: 4, overallAvg: 1.65, overallMin: 0, duration: 450 },
      });
      expect(await snapshots(liveId, '?timeRange=all')).toEqual(await snapshots(liveId));
    });

    it.each([
      [
        '1h',
        [iso('11:30:00'), iso('12:29:00')],
        { totalSnapshots: 2, overallPeak: 2, overallAvg: 1.5, overallMin: 1, duration: 60 },
      ],
      [
        '6h',
        [iso('10:20:00'), iso('10:21:00'), iso('11:30:00'), iso('12:29:00')],
        // 8.25 / 4 = 2.0625 → 2.06.
        { totalSnapshots: 4, overallPeak: 4, overallAvg: 2.06, overallMin: 1, duration: 130 },
      ],
      ['24h', null, { totalSnapshots: 5, overallPeak: 4, overallAvg: 1.65, overallMin: 0, duration: 450 }],
      ['7d', null, { totalSnapshots: 5, overallPeak: 4, overallAvg: 1.65, overallMin: 0, duration: 450 }],
    ])(
      'timeRange=%s reaches back from now (the first minute of the range included)',
      async (range, minutes, summary) => {
        const data = await snapshots(liveId, `?timeRange=${range}`);
        expect(data.summary).toEqual(summary);
        if (minutes)
          expect(data.snapshots.map((snapshot: { timestamp: string }) => snapshot.timestamp)).toEqual(minutes);
      },
    );

    it("reaches back from an ended stream's end, not from now", async () => {
      const lastHour = await snapshots(endedId, '?timeRange=1h');
      expect(lastHour.snapshots.map((snapshot: { timestamp: string }) => snapshot.timestamp)).toEqual([
        iso('19:30:00', '2026-11-19'),
        iso('19:59:00', '2026-11-19'),
      ]);
      expect(lastHour.summary).toEqual({
        totalSnapshots: 2,
        overallPeak: 3,
        overallAvg: 2,
        overallMin: 1,
        duration: 30,
      });
      expect((await snapshots(endedId)).summary).toEqual({
        totalSnapshots: 3,
        overallPeak: 6,
        overallAvg: 3,
        overallMin: 1,
        duration: 120,
      });
    });

    it('answers an empty series with a zero summary when nothing was sampled', async () => {
      expect(await snapshots(emptyId, '?timeRange=24h')).toEqual({
        snapshots: [],
        summary: { totalSnapshots: 0, overallPeak: 0, overallAvg: 0, overallMin: 0, duration: 0 },
      });
    });

    it.each(['foo', '2h', '', 'ALL'])('refuses timeRange=%s with 400 naming `timeRange`', async (range) => {
      expectBadField(await get(`/api/sessions/${liveId}/analytics/snapshots?timeRange=${range}`, owner), 'timeRange');
    });
  });

  describe('who may read', () => {
    const endpoints = ['/analytics', '/analytics/live', '/analytics/viewers', '/analytics/snapshots'];
    const callers = {
      anonymous: () => undefined,
      'another user': () => otherUser,
      'another creator': () => otherCreator,
      owner: () => owner,
      admin: () => admin,
    };
    const expected: Record<keyof typeof callers, number> = {
      anonymous: 401,
      'another user': 403,
      'another creator': 403,
      owner: 200,
      admin: 200,
    };

    it.each(
      endpoints.flatMap((endpoint) =>
        (Object.keys(callers) as (keyof typeof callers)[]).map((caller) => [endpoint, caller] as const),
      ),
    )('GET %s as %s', async (endpoint, caller) => {
      const response = await get(`/api/sessions/${liveId}${endpoint}`, callers[caller]());
      expect(response.statusCode, response.body).toBe(expected[caller]);
      if (expected[caller] !== 200) expect(response.body).not.toContain('"viewers"');
    });

    it('are in the OpenAPI document as token-protected analytics routes with a 200 schema', async () => {
      const { paths } = (await get('/docs/json')).json();
      for (const endpoint of endpoints) {
        const route = paths[`/api/sessions/{sessionId}${endpoint}`]?.get;
        expect(route, endpoint).toBeDefined();
        expect(route.tags).toEqual(['analytics']);
        expect(route.security).toEqual([{ bearerAuth: [] }]);
        expect(Object.keys(route.responses)).toContain('200');
      }
      const snapshotsQuery = paths['/api/sessions/{sessionId}/analytics/snapshots'].get.parameters.find(
        (parameter: { name: string }) => parameter.name === 'timeRange',
      );
      expect(snapshotsQuery.schema.enum).toEqual(['all', '1h', '6h', '24h', '7d']);
    });

    it.each(endpoints)('GET %s refuses a non-uuid id with 400 naming `sessionId`', async (endpoint) => {
      expectBadField(await get(`/api/sessions/not-a-uuid${endpoint}`, owner), 'sessionId');
    });

    it.each(endpoints)('GET %s answers 404 for an unknown session, even to an admin', async (endpoint) => {
      const response = await get(`/api/sessions/${randomUUID()}${endpoint}`, admin);
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    });
  });
});
