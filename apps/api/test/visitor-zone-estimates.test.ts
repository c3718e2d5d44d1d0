import type { VisitorEventRecord } from '@showfloor/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sketchStandardError } from '../src/modules/visitor-analytics/visitor-sketch.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { bucketOf, postVisitorEvents, rebuildVisitorSketches, visitorEvent } from './support/visitor-events.ts';
import { random } from './support/visitor-random-traffic.ts';

/*
 * An unfiltered timeseries in a zone whose hours or days are not UTC's (Kathmandu +05:45, New York
 * across its DST change) takes its buckets' visitors from the breakdown sketches: the answer says
 * `visitors_estimated`, pageviews, sessions, bounce rate and duration equal a brute-force count of
 * the raw records, the visitors are within the sketch's stated bound, and the totals stay exact.
 */

let api: TestApi;
let admin: SignedInUser;
const site = 'zones.test';

// 2026-03-06 to 03-10 UTC: New York moves to daylight time on 03-08 (a 23-hour day).
const start = Date.parse('2026-03-06T00:00:00Z');
const span = 4.5 * 86_400_000;

function traffic(): VisitorEventRecord[] {
  const next = random(5_45);
  const events: VisitorEventRecord[] = [];
  for (let session = 0; session < 6_000; session++) {
    const visitorId = `z${Math.floor(next() * 4_000)}`;
    const device = ([null, 'desktop', 'mobile'] as const)[Math.floor(next() * 3)] ?? null;
    let at = start + Math.floor(next() * span);
    const count = 1 + Math.floor(next() * 4);
    for (let index = 0; index < count; index++) {
      events.push(
        visitorEvent({
          site,
          visitorId,
          sessionId: `zs${session}`,
          name: index > 0 && next() < 0.2 ? 'engagement' : 'pageview',
          occurredAt: new Date(at).toISOString(),
          page: `/p${Math.floor(next() * 7)}`,
          device,
        }),
      );
      at += 1 + Math.floor(next() * 20 * 60_000);
    }
  }
  // In time order as the collector forwards them, shuffled within each 500: a batch arrives with
  // its events in any order, and later batches extend (and move) visits an earlier one began.
  events.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  for (let index = events.length - 1; index > 0; index--) {
    const other = index - Math.floor(next() * Math.min(500, (index % 500) + 1));
    [events[index], events[other]] = [events[other] as VisitorEventRecord, events[index] as VisitorEventRecord];
  }
  return events;
}

const events = traffic();

interface Session {
  visitorId: string;
  startedAt: number;
  endedAt: number;
  pageviews: number;
}

function sessionsOf(records: VisitorEventRecord[]): Session[] {
  const sessions = new Map<string, Session>();
  for (const event of records) {
    const at = Date.parse(event.occurredAt);
    const session = sessions.get(event.sessionId) ?? {
      visitorId: event.visitorId,
      startedAt: at,
      endedAt: at,
      pageviews: 0,
    };
    session.startedAt = Math.min(session.startedAt, at);
    session.endedAt = Math.max(session.endedAt, at);
    if (event.name === 'pageview') session.pageviews += 1;
    sessions.set(event.sessionId, session);
  }
  return [...sessions.values()];
}

const sessions = sessionsOf(events);

/** The figures of [from, to) by the read's rules, per bucket of the zone and for the whole range. */
function bruteForce(from: number, to: number, interval: 'hour' | 'day', zone: string) {
  const inside = (at: number) => at >= from && at < to;
  const pageviews = events.filter((event) => event.name === 'pageview' && inside(Date.parse(event.occurredAt)));
  const started = sessions.filter((session) => session.pageviews > 0 && inside(session.startedAt));
  const figures = (views: VisitorEventRecord[], visits: Session[]) => {
    const durationMs = visits.reduce((sum, visit) => sum + visit.endedAt - visit.startedAt, 0);
    const bounces = visits.filter((visit) => visit.pageviews === 1).length;
    return {
      visitors: new Set(views.map((view) => view.visitorId)).size,
      pageviews: views.length,
      sessions: visits.length,
      bounce_rate: visits.length === 0 ? 0 : Math.round((bounces / visits.length) * 10_000) / 10_000,
      visit_duration: visits.length === 0 ? 0 : Math.round(durationMs / visits.length / 1_000),
    };
  };
  const groups = new Map<string, { views: VisitorEventRecord[]; visits: Session[] }>();
  const group = (at: number) => {
    const label = bucketOf(at, interval, zone);
    const entry = groups.get(label) ?? { views: [], visits: [] };
    groups.set(label, entry);
    return entry;
  };
  for (const view of pageviews) group(Date.parse(view.occurredAt)).views.push(view);
  for (const visit of started) group(visit.startedAt).visits.push(visit);
  const buckets = new Map([...groups].map(([label, { views, visits }]) => [label, figures(views, visits)]));
  return { buckets, totals: figures(pageviews, started) };
}

beforeAll(async () => {
  // Many cells a batch, on a machine shared with benchmarks: past the default 5 s commit deadline.
  api = await startTestApi({ TRACK_COMMIT_DEADLINE_MS: '30000' });
  admin = await signedInUser(api, 'admin');
  for (let index = 0; index < events.length; index += 2_500) {
    const response = await postVisitorEvents(api, events.slice(index, index + 2_500));
    expect(response.statusCode, response.body).toBe(200);
  }
  // As the server's job would within VISITOR_SKETCH_REBUILD_MS: the cells visits moved out of.
  await rebuildVisitorSketches(api);
});
afterAll(async () => api.close());

async function series(query: Record<string, string>) {
  const response = await api.app.inject({
    method: 'GET',
    url: '/api/visitors/timeseries',
    query: { site, ...query },
    headers: admin.headers,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

// The sketch's stated bound: 3 standard errors (99.7 % of figures), at least one visitor.
const withinBound = (estimate: number, exact: number) =>
  Math.abs(estimate - exact) <= Math.max(1, 3 * sketchStandardError * exact);

describe('unfiltered timeseries in zones whose buckets are not UTC’s', () => {
  const shapes = [
    { from: '2026-03-07T00:15:00Z', to: '2026-03-08T00:15:00Z', interval: 'hour', tz: 'Asia/Kathmandu' },
    // Sub-quarter ends: raw rows there, sketches built from them the same way.
    { from: '2026-03-07T03:07:13.250Z', to: '2026-03-07T19:52:01Z', interval: 'hour', tz: 'Asia/Kathmandu' },
    // Midnight EST on 03-06 to midnight EDT on 03-10: four days, one of them 23 hours long.
    { from: '2026-03-06T05:00:00Z', to: '2026-03-10T04:00:00Z', interval: 'day', tz: 'America/New_York' },
    { from: '2026-03-06T09:41:07Z', to: '2026-03-09T22:03:30Z', interval: 'day', tz: 'America/New_York' },
    { from: '2026-03-06T18:30:00Z', to: '2026-03-09T18:30:00Z', interval: 'day', tz: 'Asia/Kolkata' },
  ] as const;

  it.each(shapes)('$interval in $tz from $from: sums exact, visitors within the bound', async (shape) => {
    const answer = await series(shape);
    const expected = bruteForce(Date.parse(shape.from), Date.parse(shape.to), shape.interval, shape.tz);
    expect(answer.visitors_estimated).toBe(true);
    expect(answer.totals).toEqual(expected.totals);
    expect(answer.buckets.length).toBeGreaterThanOrEqual(expected.buckets.size);
    let counted = 0;
    for (const { bucket, visitors, ...sums } of answer.buckets) {
      const exact = expected.buckets.get(bucket) ?? {
        visitors: 0,
        pageviews: 0,
        sessions: 0,
        bounce_rate: 0,
        visit_duration: 0,
      };
      const { visitors: exactVisitors, ...exactSums } = exact;
      expect(sums, bucket).toEqual(exactSums);
      expect(withinBound(visitors, exactVisitors), `${bucket}: ${visitors} estimated, ${exactVisitors} exact`).toBe(
        true,
      );
      counted += exact.pageviews;
    }
    expect(counted).toBe(expected.totals.pageviews);
    expect(counted).toBeGreaterThan(1_000);
  });

  it('stays exact where every bucket is one rollup row or whole UTC days', async () => {
    const shapes = [
      { from: '2026-03-07T00:00:00Z', to: '2026-03-08T00:00:00Z', interval: 'hour', tz: 'America/New_York' },
      { from: '2026-03-06T00:00:00Z', to: '2026-03-10T00:00:00Z', interval: 'day', tz: 'UTC' },
    ] as const;
    for (const shape of shapes) {
      const answer = await series(shape);
      const expected = bruteForce(Date.parse(shape.from), Date.parse(shape.to), shape.interval, shape.tz);
      expect(answer.visitors_estimated).toBe(false);
      expect(answer.totals).toEqual(expected.totals);
      for (const { bucket, ...figures } of answer.buckets)
        expect(figures, bucket).toEqual(expected.buckets.get(bucket));
    }
  });
});
