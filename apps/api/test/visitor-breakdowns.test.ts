import type { VisitorEventRecord } from '@showfloor/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { postVisitorEvents, rebuildVisitorSketches, visitorEvent } from './support/visitor-events.ts';

/*
 * Breakdowns, and timeseries with one filter, come from the breakdown rollups record_visitor_events
 * keeps. A second filter on another dimension (one that matches every row) sends the same read to
 * the raw path, so a dashboard must see the same figures either way — whatever arrived late,
 * extended a visit in a later batch, or was read in a zone whose hours start at a quarter.
 */

let api: TestApi;
let admin: SignedInUser;
const site = 'breakdowns.test';

async function read(path: string, query: Record<string, string | string[]>) {
  const response = await api.app.inject({
    method: 'GET',
    url: path,
    query: { site, ...query },
    headers: admin.headers,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

beforeAll(async () => {
  api = await startTestApi();
  admin = await signedInUser(api, 'admin');
  const event = (sessionId: string, visitorId: string, occurredAt: string, extra: Record<string, unknown> = {}) =>
    visitorEvent({ site, sessionId, visitorId, occurredAt, page: '/', country: 'Japan', device: 'desktop', ...extra });
  const first = [
    // Ann crosses UTC midnight, then comes back in Kathmandu's quarter-hour (04:15 UTC starts its hour).
    event('ann-1', 'ann', '2026-07-01T23:59:59.999Z', { referrer: 'news.example' }),
    event('ann-1', 'ann', '2026-07-02T00:00:00.000Z', { page: '/next' }),
    event('ann-2', 'ann', '2026-07-02T04:14:59Z', { page: '/docs', country: 'Nepal' }),
    event('ann-2', 'ann', '2026-07-02T04:15:00Z', { page: '/pricing' }),
    // Bob's visit is extended by a later batch (its exit page changes), then a late event moves its
    // start earlier (its entry page, referrer and country change with it).
    event('bob-1', 'bob', '2026-07-02T10:07:30Z', { page: '/docs', country: 'Peru' }),
    event('bob-1', 'bob', '2026-07-02T10:08:00Z', { page: '/docs' }),
    // Cat bounces; Dan's visit has a pageview only from the second batch on.
    event('cat-1', 'cat', '2026-07-02T04:14:00Z', { device: 'mobile', referrer: 'news.example' }),
    event('dan-1', 'dan', '2026-07-02T04:15:00Z', { name: 'signup', country: null }),
  ];
  const later = [
    event('bob-1', 'bob', '2026-07-02T10:20:00Z', { page: '/pricing' }),
    event('bob-1', 'bob', '2026-07-02T09:58:00Z', { page: '/from-an-ad', referrer: 'ads.example', country: 'Chile' }),
    event('dan-1', 'dan', '2026-07-02T04:16:00Z', { page: '/welcome' }),
    // Eve's two pageviews come in two batches, the later one first.
    event('eve-1', 'eve', '2026-07-02T10:09:00Z', { page: '/pricing', device: 'tablet' }),
  ];
  const last = [event('eve-1', 'eve', '2026-07-02T10:01:00Z', { page: '/docs', device: 'mobile' })];
  for (const batch of [first, later, last]) expect((await postVisitorEvents(api, batch)).statusCode).toBe(200);
  // The first batch again (an outbox retry): nothing may count twice.
  expect((await postVisitorEvents(api, first)).json().data.stored).toBe(0);
  // As the server's job would within VISITOR_SKETCH_REBUILD_MS: the cells visits moved out of.
  expect(await rebuildVisitorSketches(api)).toBeGreaterThan(0);
});
afterAll(async () => api.close());

const dimensions = ['page', 'entry_page', 'exit_page', 'referrer', 'country', 'device', 'browser', 'os'];
/** A filter on a dimension other than `dimension` that every row passes: the raw path. */
const everythingBut = (dimension: string) =>
  dimension === 'country' ? 'device:is_not:no-such-device' : 'country:is_not:no-such-country';

const ranges = [
  { from: '2026-07-01T00:00:00Z', to: '2026-07-03T00:00:00Z' },
  // Sub-quarter ends: raw rows there, rollups inside.
  { from: '2026-07-01T23:59:59.999Z', to: '2026-07-02T10:08:00.500Z' },
  { from: '2026-07-02T04:14:30Z', to: '2026-07-02T10:07:45Z' },
];

describe('breakdown rollups', () => {
  it.each(dimensions.flatMap((dimension) => ranges.map((range) => ({ dimension, ...range }))))(
    'breakdown/$dimension from $from to $to equals the raw read',
    async ({ dimension, from, to }) => {
      const fromRollups = await read(`/api/visitors/breakdown/${dimension}`, { from, to, compare: 'previous' });
      const fromRaw = await read(`/api/visitors/breakdown/${dimension}`, {
        from,
        to,
        compare: 'previous',
        filter: everythingBut(dimension),
      });
      expect(fromRollups.visitors_estimated).toBe(true);
      expect(fromRaw.visitors_estimated).toBe(false);
      expect(fromRollups.rows).toEqual(fromRaw.rows);
      expect(fromRollups.previous.rows).toEqual(fromRaw.previous.rows);
      expect(fromRollups.rows.length).toBeGreaterThan(0);
    },
  );

  it.each([
    ['page', 'page:contains:PRIC'],
    ['page', 'page:is_not:/'],
    ['exit_page', 'exit_page:is:/pricing'],
    ['referrer', 'referrer:is_not:news.example'],
    ['country', 'country:contains:a'],
  ])('breakdown/%s filtered on its own dimension (%s) equals the raw read', async (dimension, filter) => {
    const range = { from: '2026-07-01T23:59:59.999Z', to: '2026-07-02T10:08:00.500Z' };
    const fromRollups = await read(`/api/visitors/breakdown/${dimension}`, { ...range, filter });
    const fromRaw = await read(`/api/visitors/breakdown/${dimension}`, {
      ...range,
      filter: [filter, everythingBut(dimension)],
    });
    expect(fromRollups.visitors_estimated).toBe(true);
    expect(fromRollups.rows).toEqual(fromRaw.rows);
    expect(fromRollups.rows.length).toBeGreaterThan(0);
  });

  it('moves a visit extended or started earlier by a later batch to its new values', async () => {
    const range = { from: '2026-07-02T00:00:00Z', to: '2026-07-03T00:00:00Z' };
    const exits = await read('/api/visitors/breakdown/exit_page', range);
    // bob-1 exited at /docs after the first batch, at /pricing after the second; eve-1 at /pricing.
    expect(exits.rows.find((row: { value: string }) => row.value === '/docs')).toBeUndefined();
    expect(exits.rows.find((row: { value: string }) => row.value === '/pricing')).toMatchObject({
      visitors: 3,
      sessions: 3,
    });
    const countries = await read('/api/visitors/breakdown/country', range);
    // bob-1's first event is now the late one, from Chile: Peru has no visit left.
    expect(countries.rows.map((row: { value: string | null }) => row.value)).not.toContain('Peru');
    expect(countries.rows.find((row: { value: string }) => row.value === 'Chile')).toMatchObject({
      visitors: 1,
      pageviews: 4,
      sessions: 1,
    });
  });

  const filtered: { interval: string; tz: string; filter: string }[] = [
    { interval: 'hour', tz: 'Asia/Kathmandu', filter: 'page:is:/pricing' },
    { interval: 'hour', tz: 'UTC', filter: 'exit_page:is:/pricing' },
    { interval: 'day', tz: 'America/New_York', filter: 'country:is_not:Japan' },
    { interval: 'day', tz: 'Asia/Kolkata', filter: 'referrer:contains:NEWS' },
    { interval: 'hour', tz: 'Asia/Kathmandu', filter: 'device:is:mobile' },
  ];
  it.each(filtered.flatMap((shape) => ranges.map((range) => ({ ...shape, ...range }))))(
    'timeseries $interval in $tz with $filter from $from equals the raw read',
    async ({ filter, ...shape }) => {
      const dimension = filter.split(':')[0] as string;
      const fromRollups = await read('/api/visitors/timeseries', { ...shape, filter });
      const fromRaw = await read('/api/visitors/timeseries', { ...shape, filter: [filter, everythingBut(dimension)] });
      expect(fromRollups.visitors_estimated).toBe(true);
      expect(fromRaw.visitors_estimated).toBe(false);
      expect(fromRollups.buckets).toEqual(fromRaw.buckets);
      expect(fromRollups.totals).toEqual(fromRaw.totals);
    },
  );

  it('leaves to the raw path what the rollups cannot answer exactly', async () => {
    const range = { from: '2026-07-01T00:00:00Z', to: '2026-07-03T00:00:00Z' };
    const cases: [string, Record<string, string | string[]>][] = [
      ['/api/visitors/breakdown/page', { ...range, filter: 'country:is:Japan' }],
      ['/api/visitors/timeseries', { ...range, interval: 'hour', filter: ['country:is:Japan', 'device:is:mobile'] }],
      ['/api/visitors/timeseries', { ...range, interval: 'hour', filter: 'page:contains:p' }],
      ['/api/visitors/timeseries', { ...range, interval: 'minute', filter: 'country:is:Japan' }],
    ];
    for (const [path, query] of cases) expect((await read(path, query)).visitors_estimated, path).toBe(false);
  });
});

describe('a visitor whose visit moved to another value', () => {
  const movedSite = 'moved.test';
  const pageview = (sessionId: string, visitorId: string, occurredAt: string, page: string) =>
    visitorEvent({ site: movedSite, sessionId, visitorId, occurredAt, page });

  it('counts in its old value’s estimate only until the sketch rebuild, and in every sum exactly at once', async () => {
    // Xia's visit ends on /a; Yan's too, until a later batch adds a pageview on /b (its exit page).
    const first = [
      pageview('x-1', 'xia', '2026-09-01T10:00:00Z', '/a'),
      pageview('x-1', 'xia', '2026-09-01T10:01:00Z', '/a'),
      pageview('y-1', 'yan', '2026-09-01T10:02:00Z', '/a'),
    ];
    expect((await postVisitorEvents(api, first)).statusCode).toBe(200);
    expect((await postVisitorEvents(api, [pageview('y-1', 'yan', '2026-09-01T10:03:00Z', '/b')])).statusCode).toBe(200);
    const range = { site: movedSite, from: '2026-09-01T00:00:00Z', to: '2026-09-02T00:00:00Z' };
    const exits = async () => {
      const { rows } = await read('/api/visitors/breakdown/exit_page', range);
      return Object.fromEntries(
        rows.map((row: { value: string; visitors: number; pageviews: number; sessions: number }) => [
          row.value,
          [row.visitors, row.pageviews, row.sessions],
        ]),
      );
    };
    // Yan's first pageview moved to /b in the sums at once; its sketch of /a still holds Yan.
    expect(await exits()).toEqual({ '/a': [2, 2, 1], '/b': [1, 2, 1] });
    expect(await rebuildVisitorSketches(api)).toBeGreaterThan(0);
    expect(await exits()).toEqual({ '/a': [1, 2, 1], '/b': [1, 2, 1] });
    expect(await rebuildVisitorSketches(api)).toBe(0);
  });

  it('leaves a quarter that ended less than a minute ago for later: writes still change it', async () => {
    const quarter = Math.floor(Date.now() / 900_000) * 900_000;
    const at = (offsetMs: number) => new Date(quarter + offsetMs).toISOString();
    const events = [pageview('z-1', 'zoe', at(0), '/a'), pageview('z-1', 'zoe', at(1_000), '/b')];
    expect((await postVisitorEvents(api, [events[0] as VisitorEventRecord])).statusCode).toBe(200);
    expect((await postVisitorEvents(api, [events[1] as VisitorEventRecord])).statusCode).toBe(200);
    expect(await rebuildVisitorSketches(api)).toBe(0);
    const stale = await api.db.prisma.$queryRaw<{ stale: number }[]>`
      SELECT count(*)::int AS stale FROM visitor_breakdown_stale WHERE site = ${movedSite}`;
    expect(stale[0]?.stale).toBeGreaterThan(0);
  });
});

describe('visitor estimates', () => {
  const crowdSite = 'crowd.test';
  // Exact counts per country: the estimates must be within 3 standard errors (3 × 2.3 % ≈ 7 %).
  const crowd = { Brazil: 3_000, India: 1_200, Kenya: 7_000 };
  beforeAll(async () => {
    const events = Object.entries(crowd).flatMap(([country, visitors]) =>
      Array.from({ length: visitors }, (_, index) =>
        visitorEvent({
          site: crowdSite,
          sessionId: `${country}-${index}`,
          visitorId: `${country}-visitor-${index}`,
          occurredAt: new Date(Date.UTC(2026, 7, 1, 12, 0, 0) + index * 1_000).toISOString(),
          page: `/page-${index % 3}`,
          country,
        }),
      ),
    );
    for (let start = 0; start < events.length; start += 5_000) {
      expect((await postVisitorEvents(api, events.slice(start, start + 5_000))).statusCode).toBe(200);
    }
  });

  it('are within the stated bound of the exact counts', async () => {
    const range = { site: crowdSite, from: '2026-08-01T00:00:00Z', to: '2026-08-03T00:00:00Z' };
    const countries = await read('/api/visitors/breakdown/country', range);
    for (const [country, visitors] of Object.entries(crowd)) {
      const row = countries.rows.find((candidate: { value: string }) => candidate.value === country);
      expect(row.pageviews).toBe(visitors);
      expect(row.sessions).toBe(visitors);
      expect(Math.abs(row.visitors - visitors) / visitors, country).toBeLessThan(0.07);
    }
    const kenya = await read('/api/visitors/timeseries', { ...range, interval: 'day', filter: 'country:is:Kenya' });
    expect(kenya.totals.pageviews).toBe(crowd.Kenya);
    expect(Math.abs(kenya.totals.visitors - crowd.Kenya) / crowd.Kenya).toBeLessThan(0.07);
    // Unfiltered totals stay exact.
    const all = await read('/api/visitors/timeseries', { ...range, interval: 'day' });
    expect(all.visitors_estimated).toBe(false);
    expect(all.totals.visitors).toBe(crowd.Brazil + crowd.India + crowd.Kenya);
  });
});
