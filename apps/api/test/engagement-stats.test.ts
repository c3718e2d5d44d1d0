import { randomUUID } from 'node:crypto';
import { apiInternalRoutes, internalKeyHeader } from '@showfloor/contracts';
import type { Clock } from '@showfloor/server-kit';
import { createSession, createUser, testSecrets } from '@showfloor/testing';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadField } from './support/expect-bad-field.ts';
import { type ListeningRealtime, startApiWithRealtime } from './support/listening-realtime.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

/** "Now" for engagement stats, set by each test; timers are the real ones. */
function pinnedClock(start: string): Clock & { set(iso: string): void } {
  let current = Date.parse(start);
  return {
    now: () => current,
    set: (iso) => {
      current = Date.parse(iso);
    },
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
}

const hour = 3_600;

describe('engagement stats (seed 001): GET /api/analytics/:userId', () => {
  const clock = pinnedClock('2026-03-04T12:00:00Z');
  let realtime: ListeningRealtime;
  let api: TestApi;
  let admin: SignedInUser;
  let sessionId: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    ({ api, realtime } = await startApiWithRealtime({ LEADERBOARD_CACHE_MS: '0' }, { clock }));
    admin = await signedInUser(api, 'admin');
    sessionId = (await createSession(api.db.prisma, { status: 'ended', startedAt: null })).id;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await api?.close();
    await realtime?.close();
  });

  const get = (url: string, as?: SignedInUser) =>
    api.app.inject({ method: 'GET', url, ...(as ? { headers: as.headers } : {}) });
  async function statsOf(user: SignedInUser) {
    const response = await get('/api/analytics/me', user);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().data;
  }
  const setZone = (user: SignedInUser, timeZone: string | null) =>
    api.app.inject({ method: 'POST', url: '/api/auth/update', headers: user.headers, payload: { timeZone } });
  /** A closed subscriber view of `seconds` that began at `joinedAt`. */
  function watched(user: { id: string }, joinedAt: string, seconds = 600, session = sessionId) {
    const joined = new Date(joinedAt);
    return api.db.prisma.sessionView.create({
      data: {
        sessionId: session,
        viewerKey: `user:${user.id}`,
        userId: user.id,
        role: 'subscriber',
        joinedAt: joined,
        leftAt: new Date(joined.getTime() + seconds * 1000),
        watchDuration: seconds,
      },
    });
  }
  const streamed = (user: { id: string }, startedAt: string, endedAt: string) =>
    createSession(api.db.prisma, {
      creatorId: user.id,
      status: 'ended',
      startedAt: new Date(startedAt),
      endedAt: new Date(endedAt),
    });

  describe('who may read them', () => {
    it('is the user (`me`) or an admin: anonymous is 401, another user 403, an unknown user 404 for an admin', async () => {
      const [owner, other] = await Promise.all([signedInUser(api), signedInUser(api)]);
      expect((await get(`/api/analytics/${owner.id}`)).statusCode).toBe(401);
      expect((await get(`/api/analytics/${owner.id}`, other)).statusCode).toBe(403);
      expect((await get(`/api/analytics/${owner.id}`, owner)).statusCode).toBe(200);
      const byAdmin = await get(`/api/analytics/${owner.id}`, admin);
      expect(byAdmin.statusCode).toBe(200);
      expect(byAdmin.json().data).toMatchObject({ userId: owner.id, timeZone: 'UTC', currentStreak: 0 });
      expect((await get(`/api/analytics/${randomUUID()}`, admin)).statusCode).toBe(404);
      // The leaderboard is everyone's, and the feature dashboard at /api/analytics is still the admins'.
      expect((await get('/api/analytics/leaderboard/all')).statusCode).toBe(200);
      expect((await get('/api/analytics', owner)).statusCode).toBe(403);
    });
  });

  describe('the profile time zone', () => {
    it('is UTC until set, is returned in the user view, and null goes back to UTC', async () => {
      const user = await signedInUser(api);
      expect((await get('/api/auth/me', user)).json().data.timeZone).toBe('UTC');
      const set = await setZone(user, 'Pacific/Auckland');
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json().data.timeZone).toBe('Pacific/Auckland');
      const byAdmin = await api.app.inject({
        method: 'PUT',
        url: `/api/users/${user.id}`,
        headers: admin.headers,
        payload: { timeZone: 'Europe/Paris' },
      });
      expect(byAdmin.json().data.timeZone).toBe('Europe/Paris');
      // Other people do not see it, like the other private fields.
      const other = await signedInUser(api);
      expect((await get(`/api/users/${user.id}`, other)).json().data.timeZone).toBeUndefined();
      expect((await setZone(user, null)).json().data.timeZone).toBe('UTC');
    });
  });

  describe('hours, weeks and counters', () => {
    it('sums closed views and ended streams, all time and this week (Monday in the user’s zone)', async () => {
      clock.set('2026-03-04T12:00:00Z'); // a Wednesday
      const user = await signedInUser(api);
      await watched(user, '2026-03-02T09:00:00Z', hour); // this Monday
      await watched(user, '2026-02-25T20:00:00Z', hour / 2); // last week
      await watched(user, '2025-11-03T20:00:00Z', 2 * hour); // beyond the 12 weeks
      await streamed(user, '2026-03-03T10:00:00Z', '2026-03-03T12:00:00Z');
      // An open view counts no hours yet; a publisher view (the creator's own) never does.
      await api.db.prisma.sessionView.create({
        data: {
          sessionId,
          viewerKey: `user:${user.id}`,
          userId: user.id,
          role: 'subscriber',
          joinedAt: new Date('2026-03-04T11:00:00Z'),
        },
      });
      const chatSession = await createSession(api.db.prisma);
      await api.db.prisma.chatMessage.createMany({
        data: [
          { sessionId: chatSession.id, userId: user.id, message: 'hello' },
          { sessionId: chatSession.id, userId: user.id, message: 'nice' },
          { sessionId: chatSession.id, userId: user.id, message: 'rude', deletedAt: new Date() },
        ],
      });
      const product = await api.db.prisma.product.create({
        data: { sellerId: chatSession.creatorId, name: 'Lamp', price: 10 },
      });
      await api.db.prisma.productClicker.create({
        data: {
          sessionId: chatSession.id,
          productId: product.id,
          viewerKey: `user:${user.id}`,
          firstClickedAt: new Date(),
        },
      });

      const stats = await statsOf(user);
      expect(stats).toMatchObject({
        totalWatchHours: 3.5,
        watchHoursThisWeek: 1,
        totalStreamingHours: 2,
        streamingHoursThisWeek: 2,
        counters: { sessionsStreamed: 1, sessionsWatched: 1, chatMessages: 2, productClicks: 1 },
      });
      expect(stats.weeklyData).toHaveLength(12);
      expect(stats.weeklyData.at(-1)).toEqual({ weekStart: '2026-03-02', watchHours: 1, streamingHours: 2 });
      expect(stats.weeklyData.at(-2)).toEqual({ weekStart: '2026-02-23', watchHours: 0.5, streamingHours: 0 });
      expect(stats.weeklyData[0].weekStart).toBe('2025-12-15');
    });

    it('starts the week at Monday 00:00 in the user’s zone, not UTC', async () => {
      clock.set('2026-03-04T12:00:00Z');
      const user = await signedInUser(api);
      // Sunday 1 March 12:00 UTC is already Monday 2 March 01:00 in Auckland (UTC+13).
      await watched(user, '2026-03-01T12:00:00Z', hour);
      expect((await statsOf(user)).watchHoursThisWeek).toBe(0);
      await setZone(user, 'Pacific/Auckland');
      const stats = await statsOf(user);
      expect(stats.watchHoursThisWeek).toBe(1);
      expect(stats.weeklyData.at(-1)).toMatchObject({ weekStart: '2026-03-02', watchHours: 1 });
    });
  });

  describe('streaks (days in the user’s zone with a watched or streamed session)', () => {
    it('run across a month end, with streaming days counting like watching days', async () => {
      clock.set('2026-02-02T18:00:00Z');
      const user = await signedInUser(api);
      await watched(user, '2026-01-30T10:00:00Z');
      await streamed(user, '2026-01-31T10:00:00Z', '2026-01-31T11:00:00Z');
      await watched(user, '2026-02-01T23:00:00Z');
      await watched(user, '2026-02-02T08:00:00Z');
      expect(await statsOf(user)).toMatchObject({
        currentStreak: 4,
        longestStreak: 4,
        currentStreakStart: '2026-01-30',
        lastActiveDate: '2026-02-02',
      });
    });

    it('survive today until it is over, and a missed day starts them again', async () => {
      clock.set('2026-02-25T08:00:00Z');
      const user = await signedInUser(api);
      for (const day of ['2026-02-20', '2026-02-21', '2026-02-22', '2026-02-24'])
        await watched(user, `${day}T12:00:00Z`);
      // Nothing yet on the 25th: yesterday's streak of one still stands; the three before it are the longest.
      expect(await statsOf(user)).toMatchObject({
        currentStreak: 1,
        longestStreak: 3,
        currentStreakStart: '2026-02-24',
      });
      clock.set('2026-02-26T08:00:00Z');
      expect(await statsOf(user)).toMatchObject({ currentStreak: 0, longestStreak: 3, currentStreakStart: null });
    });

    it('count a view before and one after midnight in Pacific/Auckland as two days (one in UTC)', async () => {
      // 9 March 10:30 UTC is 23:30 in Auckland; 11:30 UTC is 00:30 on the 10th there.
      clock.set('2026-03-09T12:00:00Z');
      const user = await signedInUser(api);
      await watched(user, '2026-03-09T10:30:00Z', 1_800);
      await watched(user, '2026-03-09T11:30:00Z', 1_800);
      expect(await statsOf(user)).toMatchObject({ currentStreak: 1, lastActiveDate: '2026-03-09' });
      await setZone(user, 'Pacific/Auckland');
      expect(await statsOf(user)).toMatchObject({
        timeZone: 'Pacific/Auckland',
        currentStreak: 2,
        currentStreakStart: '2026-03-09',
        lastActiveDate: '2026-03-10',
      });
    });

    it('take month ends in the user’s zone: 1 March 05:00 UTC is still 28 February in Los Angeles', async () => {
      clock.set('2026-03-01T20:00:00Z');
      const user = await signedInUser(api);
      await watched(user, '2026-02-27T20:00:00Z');
      await watched(user, '2026-03-01T05:00:00Z');
      await watched(user, '2026-03-01T19:00:00Z');
      // UTC: 27 Feb, 1 Mar (two views) — a gap on the 28th.
      expect(await statsOf(user)).toMatchObject({ currentStreak: 1, longestStreak: 1 });
      await setZone(user, 'America/Los_Angeles');
      expect(await statsOf(user)).toMatchObject({
        currentStreak: 3,
        currentStreakStart: '2026-02-27',
        lastActiveDate: '2026-03-01',
      });
    });
  });

  describe('when a view closes', () => {
    it('pushes analytics:updated to the user’s tabs and sends a 3-day streak achievement once', async () => {
      clock.set('2026-04-10T12:00:00Z');
      const user = await signedInUser(api);
      await watched(user, '2026-04-08T20:00:00Z');
      await watched(user, '2026-04-09T20:00:00Z');
      const tab = io(realtime.url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: { token: user.accessToken },
      });
      sockets.push(tab);
      await new Promise<void>((resolve, reject) => {
        tab.once('connect', () => resolve());
        tab.once('connect_error', reject);
      });
      const updated = new Promise<{ stats: { currentStreak: number; totalWatchHours: number } }>((resolve) =>
        tab.once('analytics:updated', resolve),
      );
      const joinedAt = new Date('2026-04-10T10:00:00Z');
      const view = {
        id: randomUUID(),
        sessionId,
        viewerKey: `user:${user.id}`,
        userId: user.id,
        guestId: null,
        role: 'subscriber',
        socketId: 'socket-1',
        joinedAt: joinedAt.toISOString(),
        leftAt: new Date(joinedAt.getTime() + 1_800_000).toISOString(),
        watchDuration: 1_800,
      };
      const ingest = () =>
        api.app.inject({
          method: 'POST',
          url: apiInternalRoutes.sessionViews,
          headers: { [internalKeyHeader]: testSecrets.internalApiKey },
          payload: { views: [view] },
        });
      expect((await ingest()).statusCode).toBe(200);
      expect((await updated).stats).toMatchObject({ currentStreak: 3, totalWatchHours: 0.83 });
      const achievements = await waitForAchievements(user.id, 1);
      expect(achievements[0]).toMatchObject({ title: '3-day streak!', data: { streakDays: 3, link: '/stats' } });

      // A redelivered close, and another view closing the same day: still one achievement.
      await ingest();
      await watched(user, '2026-04-10T11:00:00Z');
      await ingest();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await waitForAchievements(user.id, 1)).toHaveLength(1);
    });

    it('sends the creator’s achievement when a stream ends and the streak reaches 3 days', async () => {
      const creator = await signedInUser(api, 'creator');
      const today = new Date().toISOString().slice(0, 10);
      const daysBefore = (days: number) => new Date(Date.parse(today) - days * 86_400_000).toISOString().slice(0, 10);
      await streamed(creator, `${daysBefore(2)}T12:00:00Z`, `${daysBefore(2)}T13:00:00Z`);
      await streamed(creator, `${daysBefore(1)}T12:00:00Z`, `${daysBefore(1)}T13:00:00Z`);
      const live = await createSession(api.db.prisma, { creatorId: creator.id, status: 'live', startedAt: new Date() });
      // The start and end are stamped with the real time, so this test's days are the real ones (UTC).
      clock.set(new Date(Date.now() + 1_000).toISOString());
      const ended = await api.app.inject({
        method: 'PATCH',
        url: `/api/sessions/${live.id}/status`,
        headers: creator.headers,
        payload: { status: 'ended' },
      });
      expect(ended.statusCode, ended.body).toBe(200);
      expect((await waitForAchievements(creator.id, 1))[0]?.title).toBe('3-day streak!');
    });
  });

  async function waitForAchievements(userId: string, atLeast: number) {
    for (let attempt = 0; attempt < 100; attempt++) {
      const found = await api.db.prisma.notification.findMany({ where: { userId, type: 'achievement' } });
      if (found.length >= atLeast) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`fewer than ${atLeast} achievements for ${userId}`);
  }

  describe('bad input', () => {
    it('is a 400 naming the field', async () => {
      const user = await signedInUser(api);
      expectBadField(await get('/api/analytics/not-a-uuid', user), 'userId');
      expectBadField(await get('/api/analytics/leaderboard/all?period=year', user), 'period');
      expectBadField(await get('/api/analytics/leaderboard/all?role=bots', user), 'role');
      expectBadField(await get('/api/analytics/leaderboard/all?limit=0', user), 'limit');
      expectBadField(await get('/api/analytics/leaderboard/all?offset=-1', user), 'offset');
      expectBadField(await setZone(user, 'Mars/Olympus_Mons'), 'timeZone');
      expectBadField(await setZone(user, '+05:30'), 'timeZone');
    });
  });
});

describe('engagement stats (seed 001): GET /api/analytics/leaderboard/all', () => {
  const clock = pinnedClock('2026-03-18T12:00:00Z'); // a Wednesday
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ LEADERBOARD_CACHE_MS: '0' }, { clock });
  });
  afterAll(async () => {
    await api?.close();
  });

  const board = async (query: string, as?: SignedInUser) => {
    const response = await api.app.inject({
      method: 'GET',
      url: `/api/analytics/leaderboard/all?${query}`,
      ...(as ? { headers: as.headers } : {}),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const names = (entries: { rank: number; name: string; hours: number }[]) =>
    entries.map((entry) => `${entry.rank} ${entry.name} ${entry.hours}`);

  it('dense-ranks viewers (equal hours share a rank, ordered by name), pages, and shows the caller off the page', async () => {
    const { prisma } = api.db;
    const creatorA = await createUser(prisma, { name: 'Creator A' });
    const creatorB = await createUser(prisma, { name: 'Creator B' });
    const sessionA = await createSession(prisma, { creatorId: creatorA.id, status: 'ended' });
    const sessionB = await createSession(prisma, { creatorId: creatorB.id, status: 'ended' });
    const viewer = (name: string) => createUser(prisma, { name, role: 'user' });
    const [bea, ann, cid, dot] = await Promise.all([viewer('Bea'), viewer('Ann'), viewer('Cid'), viewer('Dot')]);
    const caller = await signedInUser(api);
    const view = (user: { id: string } | null, session: { id: string }, joinedAt: string, seconds: number) =>
      prisma.sessionView.create({
        data: {
          sessionId: session.id,
          viewerKey: user ? `user:${user.id}` : `guest:${randomUUID()}`,
          userId: user?.id ?? null,
          guestId: user ? null : 'guest',
          role: 'subscriber',
          joinedAt: new Date(joinedAt),
          leftAt: new Date(Date.parse(joinedAt) + seconds * 1000),
          watchDuration: seconds,
        },
      });
    // This week: Ann and Bea tie at 2 h (in different pieces), Cid 1 h, Dot 0.5 h, the caller 0.25 h.
    await view(ann, sessionA, '2026-03-16T10:00:00Z', 2 * hour);
    await view(bea, sessionA, '2026-03-16T10:00:00Z', hour);
    await view(bea, sessionB, '2026-03-17T10:00:00Z', hour);
    await view(cid, sessionB, '2026-03-17T10:00:00Z', hour);
    await view(dot, sessionB, '2026-03-17T10:00:00Z', hour / 2);
    await view(caller, sessionB, '2026-03-18T09:00:00Z', hour / 4);
    await view(null, sessionA, '2026-03-18T09:00:00Z', hour); // a guest: no viewer rank, but creator A's hours
    // Earlier this month (not this week), and last month (all time only).
    await view(dot, sessionA, '2026-03-02T10:00:00Z', 3 * hour);
    await view(cid, sessionA, '2026-02-10T10:00:00Z', 10 * hour);

    const firstPage = await board('period=week&role=viewers&limit=2', caller);
    expect(names(firstPage.data.entries)).toEqual(['1 Ann 2', '1 Bea 2']);
    expect(firstPage.data.me).toMatchObject({ rank: 4, userId: caller.id, hours: 0.25 });
    expect(firstPage.meta).toEqual({ total: 5, limit: 2, offset: 0, hasMore: true });
    expect(firstPage.data.periodStart).toBe('2026-03-16T00:00:00.000Z');
    const secondPage = await board('period=week&role=viewers&limit=2&offset=2', caller);
    expect(names(secondPage.data.entries)).toEqual(['2 Cid 1', '3 Dot 0.5']);

    expect(names((await board('period=month&limit=3')).data.entries)).toEqual(['1 Dot 3.5', '2 Ann 2', '2 Bea 2']);
    const allTime = await board('period=all&limit=1');
    expect(names(allTime.data.entries)).toEqual(['1 Cid 11']);
    expect(allTime.data).toMatchObject({ periodStart: null, me: null });

    // Creators by hours watched of their streams, guests included: A 2 + 1 + 1 (guest) = 4, B 1 + 1 + 0.5 + 0.25.
    const creators = await board('period=week&role=creators', caller);
    expect(names(creators.data.entries)).toEqual(['1 Creator A 4', '2 Creator B 2.75']);
    expect(creators.data.me).toBeNull();
  });
});
