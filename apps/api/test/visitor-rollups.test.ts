import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { postVisitorEvents, visitorEvent } from './support/visitor-events.ts';

/*
 * Unfiltered timeseries and totals come from the rollups record_visitor_events keeps; a filter
 * that matches every row (`page:is_not:` a page nobody has) takes the raw path. A dashboard must
 * see the same figures either way, whatever arrived late, twice, or at a day's edge. (Hours or
 * days that are not UTC's — Kathmandu, Kolkata — take visitors from the sketches: estimates, equal
 * to the exact counts at these few visitors; visitor-zone-estimates.test.ts holds them to the bound.)
 */

let api: TestApi;
let admin: SignedInUser;
const site = 'rollups.test';
const everything = 'page:is_not:/never-viewed';

beforeAll(async () => {
  api = await startTestApi();
  admin = await signedInUser(api, 'admin');
  const event = (sessionId: string, visitorId: string, occurredAt: string, extra: Record<string, unknown> = {}) =>
    visitorEvent({ site, sessionId, visitorId, occurredAt, page: '/', ...extra });
  const first = [
    // Ann crosses UTC midnight (and Kolkata's 18:30 UTC midnight the day before), then comes back.
    event('ann-1', 'ann', '2026-07-01T23:59:59.999Z'),
    event('ann-1', 'ann', '2026-07-02T00:00:00.000Z', { page: '/next' }),
    event('ann-2', 'ann', '2026-07-02T18:29:59.000Z'),
    event('ann-2', 'ann', '2026-07-02T18:30:00.000Z', { page: '/docs' }),
    // Bob's visit is extended by a later batch; then a late event moves its start earlier.
    event('bob-1', 'bob', '2026-07-02T10:07:30Z'),
    // Cat bounces in Kathmandu's quarter (UTC+5:45: its hour starts at :15 UTC).
    event('cat-1', 'cat', '2026-07-02T04:14:59Z'),
    event('dan-1', 'dan', '2026-07-02T04:15:00Z', { name: 'signup' }),
  ];
  const later = [
    event('bob-1', 'bob', '2026-07-02T10:20:00Z', { page: '/pricing' }),
    event('bob-1', 'bob', '2026-07-02T09:58:00Z', { page: '/from-an-ad' }),
    // Dan's visit gets its first pageview only now: it starts counting as a session (at its start).
    event('dan-1', 'dan', '2026-07-02T04:16:00Z', { page: '/welcome' }),
  ];
  expect((await postVisitorEvents(api, first)).statusCode).toBe(200);
  expect((await postVisitorEvents(api, later)).statusCode).toBe(200);
  // The whole first batch again (an outbox retry): nothing may count twice.
  expect((await postVisitorEvents(api, first)).json().data.stored).toBe(0);
});
afterAll(async () => api.close());

async function series(query: Record<string, string | string[]>) {
  const response = await api.app.inject({
    method: 'GET',
    url: '/api/visitors/timeseries',
    query: { site, ...query },
    headers: admin.headers,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

describe('rollup reads', () => {
  it('count a late event, a batch extension and a redelivery exactly once', async () => {
    const day = await series({ from: '2026-07-02T00:00:00Z', to: '2026-07-03T00:00:00Z', interval: 'day' });
    expect(day.totals).toEqual({
      visitors: 4,
      pageviews: 8,
      sessions: 4,
      // cat-1, and dan-1 (a signup, then one pageview).
      bounce_rate: 0.5,
      // ann-2 1 s, bob-1 22 min (09:58 → 10:20), cat-1 0 s, dan-1 1 min (04:15 → 04:16): 1,381 s / 4.
      visit_duration: 345,
    });
  });

  const shapes: Record<string, string>[] = [
    { from: '2026-07-01T00:00:00Z', to: '2026-07-03T00:00:00Z', interval: 'day', tz: 'UTC' },
    { from: '2026-07-01T18:30:00Z', to: '2026-07-03T18:30:00Z', interval: 'day', tz: 'Asia/Kolkata' },
    { from: '2026-07-01T20:00:00Z', to: '2026-07-02T20:00:00Z', interval: 'hour', tz: 'Asia/Kathmandu' },
    { from: '2026-07-01T23:00:00Z', to: '2026-07-02T11:00:00Z', interval: 'hour', tz: 'America/New_York' },
    // Sub-minute edges: the raw rows there, the rollups inside.
    { from: '2026-07-01T23:59:59.999Z', to: '2026-07-02T18:29:59.500Z', interval: 'hour', tz: 'UTC' },
    { from: '2026-07-02T04:14:30Z', to: '2026-07-02T04:16:00.001Z', interval: 'minute', tz: 'Asia/Kathmandu' },
    { from: '2026-07-02T09:50:00Z', to: '2026-07-02T10:30:00Z', interval: 'minute', tz: 'UTC' },
    { from: '2026-07-02T00:00:00Z', to: '2026-07-02T12:00:00Z', interval: 'hour', tz: 'UTC', compare: 'previous' },
  ];
  it.each(shapes)('equal the raw reads: $interval in $tz from $from', async (shape) => {
    const fromRollups = await series(shape);
    const fromRaw = await series({ ...shape, filter: everything });
    expect(fromRollups.buckets).toEqual(fromRaw.buckets);
    expect(fromRollups.totals).toEqual(fromRaw.totals);
    expect(fromRollups.previous).toEqual(fromRaw.previous);
    expect(fromRollups.totals.pageviews + (fromRollups.previous?.totals.pageviews ?? 0)).toBeGreaterThan(0);
  });

  it('puts a visit in the zone’s day it started in, and a visitor once in a day however many visits', async () => {
    const kolkata = await series({
      from: '2026-07-01T18:30:00Z',
      to: '2026-07-03T18:30:00Z',
      interval: 'day',
      tz: 'Asia/Kolkata',
    });
    expect(
      kolkata.buckets.map((bucket: { bucket: string; visitors: number; sessions: number }) => [
        bucket.bucket,
        bucket.visitors,
        bucket.sessions,
      ]),
    ).toEqual([
      // 18:30 UTC on the 1st to 18:30 on the 2nd: ann (ann-1 and ann-2 started in it), bob, cat, dan.
      ['2026-07-02T00:00:00', 4, 5],
      // ann-2's second pageview at 18:30:00 is the next Kolkata day; the visit started the day before.
      ['2026-07-03T00:00:00', 1, 0],
    ]);
  });
});
