import type { VisitorEventRecord } from '@showfloor/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadField } from './support/expect-bad-field.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { postVisitorEvents, visitorEvent } from './support/visitor-events.ts';
import { describeRandomTraffic } from './support/visitor-random-traffic.ts';

let api: TestApi;
let admin: SignedInUser;

beforeAll(async () => {
  api = await startTestApi();
  admin = await signedInUser(api, 'admin');
});
afterAll(async () => api.close());

async function read(
  path: string,
  query: Record<string, string | string[]>,
  headers: Record<string, string> = admin.headers,
) {
  return api.app.inject({ method: 'GET', url: path, query, headers });
}

async function data(path: string, query: Record<string, string | string[]>) {
  const response = await read(path, query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

describe('hand-made sessions', () => {
  const site = 'hand.test';
  beforeAll(async () => {
    const events = [
      // A bounce: one pageview, then the tab closes 40 s later.
      visitorEvent({
        site,
        sessionId: 'bounce',
        visitorId: 'ann',
        occurredAt: '2026-03-01T10:00:00Z',
        page: '/',
        referrer: 'google.com',
        country: 'India',
      }),
      visitorEvent({
        site,
        sessionId: 'bounce',
        visitorId: 'ann',
        name: 'leave',
        occurredAt: '2026-03-01T10:00:40Z',
        page: '/',
        engagedMs: 40_000,
      }),
      // Three pages over 5 minutes; sent out of order, so the entry and exit must not follow arrival.
      visitorEvent({
        site,
        sessionId: 'journey',
        visitorId: 'bob',
        occurredAt: '2026-03-01T10:05:00Z',
        page: '/pricing',
        country: 'Japan',
      }),
      visitorEvent({
        site,
        sessionId: 'journey',
        visitorId: 'bob',
        occurredAt: '2026-03-01T10:01:00Z',
        page: '/',
        country: 'Japan',
        device: 'mobile',
      }),
      visitorEvent({
        site,
        sessionId: 'journey',
        visitorId: 'bob',
        occurredAt: '2026-03-01T10:03:00Z',
        page: '/docs',
        country: 'Japan',
      }),
      visitorEvent({
        site,
        sessionId: 'journey',
        visitorId: 'bob',
        name: 'engagement',
        occurredAt: '2026-03-01T10:06:00Z',
        page: '/pricing',
        engagedMs: 60_000,
      }),
    ];
    // The last two arrive in a later batch than the rest.
    expect((await postVisitorEvents(api, events.slice(0, 3))).statusCode).toBe(200);
    expect((await postVisitorEvents(api, events.slice(3))).statusCode).toBe(200);
  });

  it('counts a one-pageview session as a bounce, and visit duration from first to last event', async () => {
    const series = await data('/api/visitors/timeseries', {
      from: '2026-03-01T10:00:00Z',
      to: '2026-03-01T11:00:00Z',
      interval: 'hour',
      site,
    });
    expect(series.buckets).toEqual([
      {
        bucket: '2026-03-01T10:00:00',
        visitors: 2,
        pageviews: 4,
        sessions: 2,
        bounce_rate: 0.5,
        visit_duration: (40 + 300) / 2,
      },
    ]);
  });

  it('takes entry and exit pages and the first event attributes whatever order the events arrived in', async () => {
    const query = { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z', site };
    const entries = await data('/api/visitors/breakdown/entry_page', query);
    expect(entries.rows.map((row: { value: string; sessions: number }) => [row.value, row.sessions])).toEqual([
      ['/', 2],
    ]);
    const exits = await data('/api/visitors/breakdown/exit_page', query);
    expect(
      exits.rows.map((row: { value: string; bounce_rate: number }) => [row.value, row.bounce_rate]).sort(),
    ).toEqual([
      ['/', 1],
      ['/pricing', 0],
    ]);
    const devices = await data('/api/visitors/breakdown/device', query);
    expect(devices.rows.map((row: { value: string | null }) => row.value).sort()).toEqual(['mobile', null]);
  });

  it('fills every bucket of the range with zeros, in the zone asked for', async () => {
    const series = await data('/api/visitors/timeseries', {
      from: '2026-03-01T09:58:00Z',
      to: '2026-03-01T10:03:00Z',
      interval: 'minute',
      tz: 'Asia/Kolkata',
      site,
    });
    expect(
      series.buckets.map((bucket: { bucket: string; pageviews: number }) => [bucket.bucket, bucket.pageviews]),
    ).toEqual([
      ['2026-03-01T15:28:00', 0],
      ['2026-03-01T15:29:00', 0],
      ['2026-03-01T15:30:00', 1],
      ['2026-03-01T15:31:00', 1],
      ['2026-03-01T15:32:00', 0],
    ]);
  });
});

describe('POST /internal/visitor-events', () => {
  it('stores a redelivered batch once', async () => {
    const events = [
      visitorEvent({ site: 'dedup.test', sessionId: 'd1', occurredAt: '2026-04-01T12:00:00Z' }),
      visitorEvent({ site: 'dedup.test', sessionId: 'd1', occurredAt: '2026-04-01T12:01:00Z', page: '/next' }),
    ];
    const first = await postVisitorEvents(api, events);
    expect(first.json().data).toEqual({ received: 2, stored: 2 });
    const again = await postVisitorEvents(api, events);
    expect(again.json().data).toEqual({ received: 2, stored: 0 });
    const series = await data('/api/visitors/timeseries', {
      from: '2026-04-01T00:00:00Z',
      to: '2026-04-02T00:00:00Z',
      interval: 'day',
      site: 'dedup.test',
    });
    expect(series.totals).toMatchObject({ pageviews: 2, sessions: 1, bounce_rate: 0, visit_duration: 60 });
  });

  it('refuses a record outside the contract, naming the field, and stores nothing of its batch', async () => {
    const good = visitorEvent({ site: 'bad.test', occurredAt: '2026-04-01T12:00:00Z' });
    const response = await postVisitorEvents(api, [good, { ...good, id: 'not-a-uuid' } as VisitorEventRecord]);
    expectBadField(response, 'events.1.id');
    expect((await postVisitorEvents(api, [good])).json().data.stored).toBe(1);
  });

  it('answers 401 without the internal key', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/internal/visitor-events',
      payload: { events: [visitorEvent({ occurredAt: '2026-04-01T12:00:00Z' })] },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('history reads: who and what may be asked', () => {
  it('is for admins only', async () => {
    const user = await signedInUser(api, 'creator');
    expect((await read('/api/visitors/timeseries', {}, user.headers)).statusCode).toBe(403);
    expect((await read('/api/visitors/breakdown/page', {}, user.headers)).statusCode).toBe(403);
    expect((await read('/api/visitors/timeseries', {}, {})).statusCode).toBe(401);
  });

  it('names the field of bad input', async () => {
    expectBadField(await read('/api/visitors/timeseries', { interval: 'week' }), 'interval');
    expectBadField(await read('/api/visitors/timeseries', { tz: 'Mars/Olympus' }), 'tz');
    expectBadField(await read('/api/visitors/timeseries', { filter: 'colour:is:red' }), 'filter.0');
    expectBadField(await read('/api/visitors/timeseries', { filter: ['page:is:/', 'page:like:/'] }), 'filter.1');
    expectBadField(await read('/api/visitors/breakdown/page', { limit: '0' }), 'limit');
    expectBadField(
      await read('/api/visitors/timeseries', { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }),
      'from',
    );
    expectBadField(
      await read('/api/visitors/timeseries', {
        interval: 'minute',
        from: '2026-01-01T00:00:00Z',
        to: '2026-01-03T00:00:01Z',
      }),
      'from',
    );
    const unknownDimension = await read('/api/visitors/breakdown/colour', {});
    expectBadField(unknownDimension, 'dimension');
  });

  it('answers CSV with format=csv or Accept: text/csv', async () => {
    const site = 'csv.test';
    await postVisitorEvents(api, [
      visitorEvent({ site, sessionId: 'c1', occurredAt: '2026-05-01T08:00:00Z', page: '/a,b "quoted"' }),
      visitorEvent({ site, sessionId: 'c1', occurredAt: '2026-05-01T08:00:30Z', page: '=cmd' }),
    ]);
    const range = { from: '2026-05-01T08:00:00Z', to: '2026-05-01T10:00:00Z', site };
    const series = await read('/api/visitors/timeseries', { ...range, format: 'csv' });
    expect(series.headers['content-type']).toContain('text/csv');
    expect(series.body).toBe(
      'bucket,visitors,pageviews,sessions,bounce_rate,visit_duration\n2026-05-01T08:00:00,1,2,1,0,30\n2026-05-01T09:00:00,0,0,0,0,0\n',
    );
    const pages = await read('/api/visitors/breakdown/page', range, { ...admin.headers, accept: 'text/csv' });
    expect(pages.headers['content-type']).toContain('text/csv');
    expect(pages.body.split('\n').slice(1).sort()).toEqual(['', '"/a,b ""quoted""",1,1,1,0,30', "'=cmd,1,1,1,0,30"]);
  });
});

// ---------------------------------------------------------------------------------------------

// Dates long past retention, so the in-memory index (visitor-index.test.ts) never answers: these
// are the raw SQL reads.
describeRandomTraffic('random traffic against a brute-force count of the raw rows', {
  api: () => api,
  admin: () => admin,
  base: Date.parse('2026-06-10T00:00:00Z'),
  estimatedVisitors: false,
});
