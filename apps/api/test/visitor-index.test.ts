import { createLogger } from '@showfloor/server-kit';
import { testApiConfig, waitFor } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';
import {
  postVisitorEvents,
  visitorEvent,
  visitorIndexHealth,
  whenVisitorIndexReady,
} from './support/visitor-events.ts';
import { describeRandomTraffic } from './support/visitor-random-traffic.ts';

/*
 * The in-memory visitor index answers the reads the rollups cannot (several filters, a breakdown
 * filtered on another dimension): the same brute-force suite as the raw SQL reads, on traffic
 * inside retention; an index loaded at start answers what one that followed the writes does; the
 * bound and retention leave older ranges to PostgreSQL.
 */

const dayMs = 86_400_000;
const today = Math.floor(Date.now() / dayMs) * dayMs;
const base = today - 5 * dayMs;
const indexEnv = { VISITOR_INDEX_MAX_PAGEVIEWS: '1000000', VISITOR_INDEX_SYNC_MS: '100' };

let api: TestApi;
let admin: SignedInUser;

beforeAll(async () => {
  api = await startTestApi(indexEnv);
  admin = await signedInUser(api, 'admin');
  await whenVisitorIndexReady(api);
});
afterAll(async () => api.close());

// Posted after the index loaded: every event reaches it by following the writes.
describeRandomTraffic('random traffic through the in-memory index against a brute-force count', {
  api: () => api,
  admin: () => admin,
  base,
  estimatedVisitors: true,
});

const read = (
  target: { app: TestApi['app'] },
  url: string,
  query: Record<string, string | string[]>,
  as: SignedInUser = admin,
) => target.app.inject({ method: 'GET', url, query, headers: as.headers });

/** Read shapes only the raw path (the index, or SQL) answers. */
const rawShapes: [string, Record<string, string | string[]>][] = [
  ['/api/visitors/breakdown/page', { filter: 'country:is:India' }],
  ['/api/visitors/breakdown/country', { filter: ['page:contains:blog', 'device:is_not:mobile'] }],
  ['/api/visitors/breakdown/exit_page', { filter: 'entry_page:is:/' }],
  ['/api/visitors/timeseries', { filter: ['browser:is_not:Safari', 'os:contains:os'], interval: 'hour' }],
  [
    '/api/visitors/timeseries',
    {
      filter: 'referrer:is:google.com',
      interval: 'minute',
      tz: 'Asia/Kolkata',
      from: new Date(base + dayMs).toISOString(),
      to: new Date(base + dayMs + 6 * 3_600_000).toISOString(),
    },
  ],
];

describe('the index as the raw path', () => {
  const range = { from: new Date(base).toISOString(), to: new Date(base + 3 * dayMs).toISOString() };

  it('answers the reads the rollups cannot, with visitors marked as estimated, and says so in /health', async () => {
    const health = await visitorIndexHealth(api);
    expect(health.state).toBe('ready');
    expect(health.days).toBeGreaterThanOrEqual(3); // three days of sessions, the last may run past midnight
    expect(health.pageviews).toBeGreaterThan(100);
    for (const [url, query] of rawShapes) {
      const response = await read(api, url, { ...range, ...query });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().data.visitors_estimated, url).toBe(true);
    }
  });

  it('loaded at start from what PostgreSQL holds, answers what the one that followed the writes does', async () => {
    // A second API process on the same database: its index is built by the start-up load.
    const second = await buildApp({
      config: testApiConfig(api.db.url, indexEnv),
      prisma: api.db.prisma,
      logger: createLogger({ name: 'api-test-second', level: 'silent' }),
    });
    try {
      await second.ready();
      await whenVisitorIndexReady({ app: second });
      const [first, loaded] = await Promise.all([visitorIndexHealth(api), visitorIndexHealth({ app: second })]);
      expect(loaded).toMatchObject({ pageviews: first.pageviews, sessions: first.sessions, seq: first.seq });
      for (const [url, query] of rawShapes) {
        const [followed, fromLoad] = await Promise.all([
          read(api, url, { ...range, ...query }),
          read({ app: second }, url, { ...range, ...query }),
        ]);
        expect(fromLoad.json(), url).toEqual(followed.json());
      }
    } finally {
      await second.close();
    }
  });

  it('sees an event at once: a read after a write counts it (the read catches the index up first)', async () => {
    const site = 'fresh.test';
    const query = { site, from: new Date(today).toISOString(), to: new Date(today + dayMs).toISOString() };
    const before = await read(api, '/api/visitors/breakdown/page', { ...query, filter: 'country:is:Chile' });
    expect(before.json().data.rows).toEqual([]);
    const at = new Date(today + 60_000).toISOString();
    const stored = await postVisitorEvents(api, [
      visitorEvent({ site, sessionId: 'now', visitorId: 'zoe', occurredAt: at, page: '/now', country: 'Chile' }),
    ]);
    expect(stored.statusCode, stored.body).toBe(200);
    const after = await read(api, '/api/visitors/breakdown/page', { ...query, filter: 'country:is:Chile' });
    expect(after.json().data).toMatchObject({
      visitors_estimated: true,
      rows: [{ value: '/now', visitors: 1, pageviews: 1, sessions: 1, bounce_rate: 1 }],
    });
  });
});

describe('what the index does not hold is read from PostgreSQL', () => {
  let bounded: TestApi;
  let boundedAdmin: SignedInUser;
  const site = 'bounded.test';

  beforeAll(async () => {
    // Room for one day: the newest day (3 pageviews) fits, the day before (2 more) does not.
    bounded = await startTestApi({ ...indexEnv, VISITOR_INDEX_MAX_PAGEVIEWS: '4' });
    boundedAdmin = await signedInUser(bounded, 'admin');
    const events = [
      ['a', today - 2 * dayMs + 3_600_000],
      ['a', today - 2 * dayMs + 3_660_000],
      ['b', today - dayMs + 3_600_000],
      ['b', today - dayMs + 3_660_000],
      ['c', today - dayMs + 7_200_000],
      // Past the 90 days' retention: never held (the retention job drops it from PostgreSQL).
      ['old', today - 100 * dayMs],
    ] as const;
    const stored = await postVisitorEvents(
      bounded,
      events.map(([session, at], index) =>
        visitorEvent({
          site,
          sessionId: session,
          visitorId: session,
          occurredAt: new Date(at).toISOString(),
          page: `/p${index}`,
          country: 'Peru',
        }),
      ),
    );
    expect(stored.statusCode, stored.body).toBe(200);
    await whenVisitorIndexReady(bounded);
  });
  afterAll(async () => bounded.close());

  it('holds the newest whole days that fit, and answers older ranges from PostgreSQL, the same figures', async () => {
    // Loaded empty at start, it follows the writes within VISITOR_INDEX_SYNC_MS.
    const health = await waitFor(
      async () => {
        const found = await visitorIndexHealth(bounded);
        return found.seq >= 6 ? found : undefined;
      },
      { what: 'the index to follow the writes' },
    );
    expect(health).toMatchObject({
      state: 'ready',
      pageviews: 3,
      days: 1,
      coveredFrom: new Date(today - dayMs).toISOString(),
    });
    const ask = (from: number) =>
      read(
        bounded,
        '/api/visitors/breakdown/page',
        {
          site,
          from: new Date(from).toISOString(),
          to: new Date(today).toISOString(),
          filter: 'country:is:Peru',
        },
        boundedAdmin,
      ).then((response) => {
        expect(response.statusCode, response.body).toBe(200);
        return response.json().data;
      });
    const held = await ask(today - dayMs);
    expect(held.visitors_estimated).toBe(true);
    expect(held.rows.map((row: { pageviews: number }) => row.pageviews)).toEqual([1, 1, 1]);
    const older = await ask(today - 2 * dayMs);
    expect(older.visitors_estimated).toBe(false);
    expect(older.rows).toHaveLength(5);
    expect(older.rows.map((row: { visitors: number }) => row.visitors)).toEqual([1, 1, 1, 1, 1]);
  });
});

describe('an index that cannot catch up holds no read', () => {
  let locked: TestApi;
  let lockedAdmin: SignedInUser;
  const site = 'locked.test';
  const query = {
    site,
    from: new Date(today).toISOString(),
    to: new Date(today + dayMs).toISOString(),
    filter: ['country:is:Chile', 'device:is_not:tv'],
  };
  const ask = () =>
    read(locked, '/api/visitors/breakdown/page', query, lockedAdmin).then((response) => ({
      status: response.statusCode,
      body: response.json(),
    }));

  beforeAll(async () => {
    locked = await startTestApi({ ...indexEnv, VISITOR_HISTORY_READ_TIMEOUT_MS: '400' });
    lockedAdmin = await signedInUser(locked, 'admin');
    await whenVisitorIndexReady(locked);
    const stored = await postVisitorEvents(locked, [
      visitorEvent({ site, sessionId: 'l1', occurredAt: new Date(today + 60_000).toISOString(), country: 'Chile' }),
    ]);
    expect(stored.statusCode, stored.body).toBe(200);
  });
  afterAll(async () => locked.close());

  it('gives up waiting after half the read deadline and reads PostgreSQL, itself under the deadline', async () => {
    expect((await ask()).body.data.visitors_estimated).toBe(true);
    // A maintenance job holds the sessions table: the index's catch-up waits on it, and so would SQL.
    const started = Date.now();
    const answer = await locked.db.prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe('LOCK TABLE visitor_sessions IN ACCESS EXCLUSIVE MODE');
        return ask();
      },
      { timeout: 10_000 },
    );
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('service_unavailable');
    expect(Date.now() - started).toBeLessThan(3_000);
    // The lock gone, the index catches up and answers again.
    const again = await ask();
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ visitors_estimated: true, rows: [{ value: '/', pageviews: 1 }] });
  });
});
