import { randomUUID } from 'node:crypto';
import { apiInternalRoutes, internalKeyHeader } from '@showfloor/contracts';
import { createLogger } from '@showfloor/server-kit';
import { createSession, testSecrets } from '@showfloor/testing';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivitiesRepository } from '../src/modules/feeds/activities.repository.ts';
import { startNotificationExpiry } from '../src/modules/feeds/notification-expiry.job.ts';
import { createNotificationsRepository } from '../src/modules/feeds/notifications.repository.ts';
import { expectBadField } from './support/expect-bad-field.ts';
import { type ListeningRealtime, startApiWithRealtime } from './support/listening-realtime.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import type { TestApi } from './support/test-api.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

describe('/api/activities and /api/notifications (seed 001)', () => {
  let realtime: ListeningRealtime;
  let api: TestApi;
  let admin: SignedInUser;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    ({ api, realtime } = await startApiWithRealtime());
    admin = await signedInUser(api, 'admin');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await api?.close();
    await realtime?.close();
  });

  function call(method: Method, url: string, as?: SignedInUser, payload?: object) {
    return api.app.inject({
      method,
      url,
      ...(as ? { headers: as.headers } : {}),
      ...(payload ? { payload } : {}),
    });
  }
  const data = async (method: Method, url: string, as: SignedInUser, payload?: object) => {
    const response = await call(method, url, as, payload);
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json();
  };
  /** A tab of `user`: a signed-in socket, which the realtime service puts in the user's own room. */
  async function tabOf(user: SignedInUser): Promise<Socket> {
    const socket = io(realtime.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token: user.accessToken },
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }
  const next = <T>(socket: Socket, event: string, timeoutMs = 5_000) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
      socket.once(event, (payload: T) => {
        clearTimeout(timer);
        resolve(payload);
      });
    });
  /** Resolves once `user`'s feed holds an activity of `type` (system activities are written just after the action). */
  async function activityOf(user: { id: string }, type: string) {
    for (let attempt = 0; attempt < 100; attempt++) {
      const found = await api.db.prisma.activity.findFirst({ where: { userId: user.id, type: type as never } });
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no ${type} activity for ${user.id}`);
  }
  /** A signed-in user whose feed starts empty: the "signed in" of their test login is written, then removed. */
  async function freshUser(): Promise<SignedInUser> {
    const user = await signedInUser(api);
    await activityOf(user, 'signed_in');
    await api.db.prisma.activity.deleteMany({ where: { userId: user.id } });
    return user;
  }
  const notify = (userId: string, title = 'Hello', extra: object = {}) =>
    data('POST', '/api/notifications', admin, { userId, type: 'social', title, message: `${title}!`, ...extra });

  describe('who may read and change a feed', () => {
    it('is its owner or an admin: anonymous is 401, another user 403, `me` is the caller', async () => {
      const [owner, other] = await Promise.all([freshUser(), signedInUser(api)]);
      await data('POST', '/api/activities', owner, { title: 'Made a wishlist' });
      for (const path of ['/api/activities', '/api/notifications']) {
        expect((await call('GET', `${path}/${owner.id}`)).statusCode).toBe(401);
        expect((await call('GET', `${path}/${owner.id}`, other)).statusCode).toBe(403);
        expect((await call('GET', `${path}/${owner.id}/unread/count`, other)).statusCode).toBe(403);
        expect((await call('PATCH', `${path}/${owner.id}/read-all`, other)).statusCode).toBe(403);
        expect((await call('GET', `${path}/${owner.id}`, admin)).statusCode).toBe(200);
      }
      expect((await call('DELETE', `/api/notifications/${owner.id}/clear-all`, other)).statusCode).toBe(403);
      const mine = await data('GET', '/api/activities/me', owner);
      expect(mine.data.map((activity: { title: string }) => activity.title)).toEqual(['Made a wishlist']);
      const theirs = await data('GET', `/api/activities/${owner.id}`, admin);
      expect(theirs.data[0].userId).toBe(owner.id);

      // One item of someone else's: 403, and nothing changed.
      const activityId = mine.data[0].id;
      expect((await call('PATCH', `/api/activities/${activityId}/read`, other)).statusCode).toBe(403);
      expect((await call('DELETE', `/api/activities/${activityId}`, other)).statusCode).toBe(403);
      expect((await data('GET', '/api/activities/me/unread/count', owner)).data.unread).toBe(1);
    });

    it('lets only admins send notifications, and only to a user who exists', async () => {
      const user = await signedInUser(api);
      const body = { userId: user.id, type: 'system', title: 'Hi', message: 'There' };
      expect((await call('POST', '/api/notifications', user, body)).statusCode).toBe(403);
      const missing = await call('POST', '/api/notifications', admin, {
        ...body,
        userId: '00000000-0000-4000-8000-000000000000',
      });
      expect(missing.statusCode).toBe(404);
      expect((await call('POST', '/api/notifications', admin, body)).statusCode).toBe(201);
    });
  });

  describe('bad input', () => {
    it('names the field', async () => {
      const user = await signedInUser(api);
      expectBadField(await call('GET', '/api/activities/not-a-uuid', user), 'userId');
      expectBadField(await call('GET', '/api/activities/me?cursor=bm9wZQ', user), 'cursor');
      expectBadField(await call('GET', '/api/notifications/me?limit=0', user), 'limit');
      expectBadField(await call('PATCH', '/api/activities/42/read', user), 'activityId');
      expectBadField(await call('POST', '/api/activities', user, { title: '' }), 'title');
      // Only the system writes the other types.
      expectBadField(await call('POST', '/api/activities', user, { title: 'x', type: 'went_live' }), 'type');
      expectBadField(await call('POST', '/api/activities', user, { title: 'x', userId: admin.id }), 'userId');
      expectBadField(await call('POST', '/api/activities', user, { title: 'x', data: { a: 'b\u0000' } }), 'data.a');
      const send = (body: object) =>
        call('POST', '/api/notifications', admin, { type: 'system', title: 't', message: 'm', ...body });
      expectBadField(await send({}), 'userId');
      expectBadField(await send({ everyone: true, type: 'social' }), 'type');
      expectBadField(await send({ userId: user.id, type: 'gossip' }), 'type');
      expectBadField(await send({ userId: user.id, data: { link: 'https://elsewhere.example' } }), 'data.link');
      expectBadField(
        await send({ userId: user.id, expiresAt: new Date(Date.now() - 1_000).toISOString() }),
        'expiresAt',
      );
      const oversized = await call('POST', '/api/activities', user, { title: 'x', description: 'y'.repeat(1_001) });
      expectBadField(oversized, 'description');
    });
  });

  describe('paging', () => {
    it('walks a feed newest first with a cursor that stays put while new items arrive', async () => {
      const user = await freshUser();
      const at = Date.now();
      // Five in one millisecond and five apart: the (createdAt, id) order still has one place for each.
      await api.db.prisma.activity.createMany({
        data: Array.from({ length: 10 }, (_, index) => ({
          userId: user.id,
          type: 'custom' as const,
          title: `a${index}`,
          createdAt: new Date(at - (index < 5 ? 0 : index * 1_000)),
        })),
      });
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const page = await data('GET', `/api/activities/me?limit=3${query}`, user);
        seen.push(...page.data.map((activity: { id: string }) => activity.id));
        cursor = page.meta.next;
        pages += 1;
        // Arrivals at the top never move the pages below.
        await data('POST', '/api/activities', user, { title: `new ${pages}` });
      } while (cursor);
      expect(pages).toBe(4);
      expect(new Set(seen).size).toBe(10);
      const stored = await api.db.prisma.activity.findMany({
        where: { userId: user.id, title: { startsWith: 'a' } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      expect(seen).toEqual(stored.map((activity) => activity.id));
    });
  });

  describe('read, read-all, delete and clear-all', () => {
    it('keeps the unread counts right and tells every tab of the user', async () => {
      const user = await freshUser();
      const [tab1, tab2] = await Promise.all([tabOf(user), tabOf(user)]);

      const arrivals = Promise.all(
        [tab1, tab2].map((tab) =>
          next<{ notification: { title: string }; unread: object }>(tab, 'notification:received'),
        ),
      );
      const first = (await notify(user.id, 'Sale starts')).data.notification;
      for (const arrival of await arrivals) {
        expect(arrival.notification.title).toBe('Sale starts');
        expect(arrival.unread).toEqual({ activities: 0, notifications: 1 });
      }
      await notify(user.id, 'Second');
      await notify(user.id, 'Third');
      expect((await data('GET', '/api/notifications/me/unread/count', user)).data.unread).toBe(3);
      expect((await data('GET', '/api/notifications/me?unread=true', user)).data).toHaveLength(3);

      let counts = Promise.all([tab1, tab2].map((tab) => next<{ unread: object }>(tab, 'unread:counts')));
      const read = await data('PATCH', `/api/notifications/${first.id}/read`, user);
      expect(read.data.readAt).not.toBeNull();
      expect((await counts).map((event) => event.unread)).toEqual([
        { activities: 0, notifications: 2 },
        { activities: 0, notifications: 2 },
      ]);
      // Reading again keeps the first read time.
      counts = Promise.all([tab1, tab2].map((tab) => next<{ unread: object }>(tab, 'unread:counts')));
      expect((await data('PATCH', `/api/notifications/${first.id}/read`, user)).data.readAt).toBe(read.data.readAt);
      await counts;

      counts = Promise.all([tab1, tab2].map((tab) => next<{ unread: object }>(tab, 'unread:counts')));
      const all = await data('PATCH', '/api/notifications/me/read-all', user);
      expect(all.data).toMatchObject({ userId: user.id, changed: 2, unread: 0 });
      expect((await counts).map((event) => event.unread)).toEqual([
        { activities: 0, notifications: 0 },
        { activities: 0, notifications: 0 },
      ]);

      const deleted = await data('DELETE', `/api/notifications/${first.id}`, user);
      expect(deleted.data.id).toBe(first.id);
      expect((await call('DELETE', `/api/notifications/${first.id}`, user)).statusCode).toBe(404);
      const cleared = await data('DELETE', '/api/notifications/me/clear-all', user);
      expect(cleared.data.changed).toBe(2);
      expect((await data('GET', '/api/notifications/me', user)).data).toEqual([]);

      const activity = next<{ activity: { title: string }; unread: object }>(tab2, 'activity:created');
      await data('POST', '/api/activities', user, { title: 'Saved a look', data: { look: 'autumn' } });
      expect(await activity).toMatchObject({
        activity: { title: 'Saved a look', type: 'custom', data: { look: 'autumn' } },
        unread: { activities: 1, notifications: 0 },
      });
      // Read-all of one feed pushes the other feed's badge as it stands.
      await notify(user.id, 'Fourth');
      counts = Promise.all([tab1, tab2].map((tab) => next<{ unread: object }>(tab, 'unread:counts')));
      const markedAll = await data('PATCH', '/api/activities/me/read-all', user);
      expect(markedAll.data).toMatchObject({ changed: 1, unread: 0 });
      expect((await counts).map((event) => event.unread)).toEqual([
        { activities: 0, notifications: 1 },
        { activities: 0, notifications: 1 },
      ]);
    });

    it('sends a system notification to everyone, each with their own counts', async () => {
      const [first, second] = await Promise.all([signedInUser(api), signedInUser(api)]);
      const tab = await tabOf(second);
      const counts = next<{ unread: object }>(tab, 'unread:counts');
      const sent = await data('POST', '/api/notifications', admin, {
        everyone: true,
        type: 'system',
        title: 'Maintenance tonight',
        message: 'Streams pause at 02:00 UTC',
        data: { link: '/status' },
      });
      expect(sent.data.recipients).toBe(await api.db.prisma.user.count());
      expect((await counts).unread).toMatchObject({ notifications: 1 });
      for (const user of [first, second]) {
        const list = await data('GET', '/api/notifications/me', user);
        expect(list.data.map((n: { title: string }) => n.title)).toEqual(['Maintenance tonight']);
        expect(list.data[0].data).toEqual({ link: '/status' });
      }
    });
  });

  describe('over the socket', () => {
    it('answers data:request with the caller’s unread counts and stats, tells admins how many users are online, refuses guests', async () => {
      const user = await freshUser();
      await notify(user.id, 'One');
      const tab = await tabOf(user);
      const { data: stats } = await data('GET', '/api/analytics/me', user);
      expect(await tab.emitWithAck('data:request', {})).toEqual({
        ok: true,
        data: {
          unread: { activities: 0, notifications: 1 },
          stats: {
            userId: user.id,
            totalWatchHours: stats.totalWatchHours,
            watchHoursThisWeek: stats.watchHoursThisWeek,
            totalStreamingHours: stats.totalStreamingHours,
            streamingHoursThisWeek: stats.streamingHoursThisWeek,
            currentStreak: stats.currentStreak,
            longestStreak: stats.longestStreak,
          },
          usersOnline: expect.any(Number),
        },
      });

      const adminTab = await tabOf(admin);
      const online: number[] = [];
      adminTab.on('users:status', (status: { online: number }) => online.push(status.online));
      const settle = () => new Promise((resolve) => setTimeout(resolve, 500));
      const other = await tabOf(await signedInUser(api));
      await expect.poll(() => online.at(-1)).toBeGreaterThanOrEqual(3);
      await settle();
      const before = online.at(-1);
      // A second tab of a user already online changes nothing.
      await tabOf(user);
      await settle();
      expect(online.at(-1)).toBe(before);
      other.disconnect();

      const guest = io(realtime.url, { transports: ['websocket'], forceNew: true, reconnection: false });
      sockets.push(guest);
      await new Promise((resolve) => guest.once('connect', () => resolve(undefined)));
      expect(await guest.emitWithAck('data:request', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    });
  });

  describe('what the system writes', () => {
    it('records signing in, a creator’s session and product, going live and the end with its figures', async () => {
      const creator = await signedInUser(api, 'creator');
      const signedIn = await activityOf(creator, 'signed_in');
      expect(signedIn.title).toBe('Signed in');

      const product = await data('POST', '/api/products', creator, { name: 'Linen apron', price: 24 });
      expect((await activityOf(creator, 'product_created')).data).toMatchObject({ productId: product.data.id });
      const session = await data('POST', '/api/sessions', creator, { title: 'Kitchen textiles' });
      const sessionId = session.data.id;
      expect((await activityOf(creator, 'session_created')).title).toBe('Scheduled “Kitchen textiles”');

      const tab = await tabOf(creator);
      const wentLive = next<{ activity: { type: string } }>(tab, 'activity:created');
      await call('POST', `/api/sessions/${sessionId}/start-stream`, creator);
      expect((await wentLive).activity.type).toBe('went_live');

      const summary = next<{ notification: { type: string; title: string; data: object } }>(
        tab,
        'notification:received',
      );
      await data('POST', `/api/sessions/${sessionId}/end-stream`, creator);
      const ended = await activityOf(creator, 'stream_ended');
      expect(ended.data).toMatchObject({ sessionId, link: `/studio/sessions/${sessionId}/analytics` });
      expect((await summary).notification).toMatchObject({
        type: 'system',
        title: 'Your stream “Kitchen textiles” has ended',
        data: { sessionId, peakViewers: expect.any(Number), uniqueViewers: expect.any(Number) },
      });
    });

    it('writes a group of activities even when one user in it was deleted meanwhile', async () => {
      const user = await freshUser();
      const stored = await createActivitiesRepository(api.db.prisma).createMany(
        [
          { userId: '00000000-0000-4000-8000-000000000000', type: 'signed_in', title: 'Signed in' },
          { userId: user.id, type: 'signed_in', title: 'Signed in' },
        ],
        new Date(),
      );
      expect(stored.map((row) => row?.userId ?? null)).toEqual([null, user.id]);
      expect((await data('GET', '/api/activities/me', user)).data).toHaveLength(1);
    });

    it('records a signed-in viewer’s closed view once, their first click on a product, and a chat message', async () => {
      const [viewer, creator] = await Promise.all([freshUser(), signedInUser(api, 'creator')]);
      const session = await createSession(api.db.prisma, { creatorId: creator.id, status: 'live' });
      const product = await api.db.prisma.product.create({ data: { name: 'Apron', price: 20, sellerId: creator.id } });
      const internal = (url: string, payload: object) =>
        api.app.inject({ method: 'POST', url, headers: { [internalKeyHeader]: testSecrets.internalApiKey }, payload });
      const view = {
        id: randomUUID(),
        sessionId: session.id,
        viewerKey: `user:${viewer.id}`,
        userId: viewer.id,
        guestId: null,
        role: 'subscriber',
        socketId: 'socket-1',
        joinedAt: new Date(Date.now() - 600_000).toISOString(),
        leftAt: new Date().toISOString(),
        watchDuration: 600,
      };
      // Sent open, closed, then the close again (a redelivery): one activity.
      await internal(apiInternalRoutes.sessionViews, { views: [{ ...view, leftAt: null, watchDuration: null }] });
      await internal(apiInternalRoutes.sessionViews, { views: [view] });
      await internal(apiInternalRoutes.sessionViews, { views: [view] });
      const watched = await activityOf(viewer, 'watched_stream');
      expect(watched).toMatchObject({ title: 'Watched a stream for 10 min', data: { watchDuration: 600 } });

      const click = {
        sessionId: session.id,
        productId: product.id,
        viewerKey: `user:${viewer.id}`,
        clickedAt: view.leftAt,
      };
      await internal(apiInternalRoutes.productClickers, { clickers: [click] });
      await internal(apiInternalRoutes.productClickers, { clickers: [click] });
      expect((await activityOf(viewer, 'product_click')).data).toMatchObject({ productId: product.id });

      await data('POST', `/api/sessions/${session.id}/chat`, viewer, { message: 'Love the apron' });
      await activityOf(viewer, 'chat_message');
      const types = (await data('GET', '/api/activities/me', viewer)).data.map((a: { type: string }) => a.type);
      expect(types.sort()).toEqual(['chat_message', 'product_click', 'watched_stream']);
    });
  });

  describe('the creator’s audience', () => {
    it('reminds past viewers of a new session until it starts, then tells them it is live until it ends', async () => {
      const [fan, bystander] = await Promise.all([freshUser(), freshUser()]);
      const creator = await signedInUser(api, 'creator');
      const earlier = await createSession(api.db.prisma, { creatorId: creator.id, status: 'ended' });
      await api.db.prisma.sessionView.create({
        data: {
          sessionId: earlier.id,
          viewerKey: `user:${fan.id}`,
          userId: fan.id,
          role: 'subscriber',
          socketId: 'socket-fan',
          joinedAt: new Date(Date.now() - 86_400_000),
        },
      });
      const titles = async (user: SignedInUser) =>
        (await data('GET', '/api/notifications/me', user)).data.map((n: { type: string; title: string }) => n.type);
      const fanTab = await tabOf(fan);

      const reminder = next<{ notification: { type: string; data: { link: string } } }>(
        fanTab,
        'notification:received',
      );
      const session = (await data('POST', '/api/sessions', creator, { title: 'Winter knits' })).data;
      expect((await reminder).notification).toMatchObject({
        type: 'reminder',
        data: { link: `/sessions/${session.id}` },
      });
      expect(await titles(bystander)).toEqual([]);

      const live = next<{ notification: { type: string } }>(fanTab, 'notification:received');
      await call('POST', `/api/sessions/${session.id}/start-stream`, creator);
      expect((await live).notification.type).toBe('social');
      // The reminder's moment has come: it is gone, the social one is there.
      await expect.poll(() => titles(fan)).toEqual(['social']);

      await data('POST', `/api/sessions/${session.id}/end-stream`, creator);
      await expect.poll(() => titles(fan)).toEqual([]);
      expect((await data('GET', '/api/notifications/me/unread/count', fan)).data.unread).toBe(0);
    });
  });

  describe('expiry', () => {
    it('never lists or counts an expired notification, and the job deletes them in batches', async () => {
      const user = await signedInUser(api);
      await notify(user.id, 'Still good', { expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      await api.db.prisma.notification.createMany({
        data: Array.from({ length: 5 }, (_, index) => ({
          userId: user.id,
          type: 'reminder' as const,
          title: `gone ${index}`,
          message: 'expired',
          expiresAt: new Date(Date.now() - 1_000 * (index + 1)),
        })),
      });
      const list = await data('GET', '/api/notifications/me', user);
      expect(list.data.map((n: { title: string }) => n.title)).toEqual(['Still good']);
      expect((await data('GET', '/api/notifications/me/unread/count', user)).data.unread).toBe(1);
      const expiredId = (await api.db.prisma.notification.findFirstOrThrow({ where: { title: 'gone 0' } })).id;
      expect((await call('PATCH', `/api/notifications/${expiredId}/read`, user)).statusCode).toBe(404);

      const expiry = startNotificationExpiry({
        repository: createNotificationsRepository(api.db.prisma),
        logger: createLogger({ name: 'expiry-test', level: 'silent' }),
        intervalMs: 3_600_000,
        batchSize: 2,
      });
      try {
        await expiry.runOnce();
        expect(await api.db.prisma.notification.count({ where: { userId: user.id } })).toBe(1);
      } finally {
        await expiry.stop();
      }
    });
  });
});
