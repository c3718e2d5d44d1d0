import type { VisitorEventRecord, VisitorFilter } from '@showfloor/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SignedInUser } from './signed-in-users.ts';
import type { TestApi } from './test-api.ts';
import { bucketOf, postVisitorEvents, rebuildVisitorSketches, visitorEvent } from './visitor-events.ts';

/*
 * Random traffic against a brute-force count over the raw records: the same suite checks the raw SQL
 * reads (visitor-history.test.ts) and the in-memory index (visitor-index.test.ts).
 */

interface BruteSession {
  site: string;
  visitorId: string;
  startedAt: number;
  endedAt: number;
  pageviews: number;
  entryPage: string | null;
  exitPage: string | null;
  pages: Set<string>;
  first: VisitorEventRecord;
}

const pages = ['/', '/pricing', '/blog/one', '/blog/two', '/docs'];
const referrers = [null, 'google.com', 'news.ycombinator.com'];
const countries = [null, 'India', 'Japan', 'Germany'];
const devices = [null, 'desktop', 'mobile', 'tablet'] as const;
const browsers = ['Chrome', 'Firefox', 'Safari'];
const oses = ['Windows', 'macOS', 'iOS'];

/** A deterministic generator (mulberry32), so a failure reproduces. */
export function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** 120 sessions over three days from `base`, on two sites, shuffled (batches arrive in any order). */
function randomTraffic(seed: number, base: number): VisitorEventRecord[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const events: VisitorEventRecord[] = [];
  for (let session = 0; session < 120; session++) {
    const site = next() < 0.8 ? 'random.test' : 'other.test';
    const visitorId = `v${Math.floor(next() * 40)}`;
    // Whole milliseconds apart: no two events of a session share an instant (their order is defined).
    let at = base + Math.floor(next() * 3 * 86_400_000);
    const count = 1 + Math.floor(next() * 5);
    for (let index = 0; index < count; index++) {
      const name =
        index === 0
          ? next() < 0.9
            ? 'pageview'
            : 'signup'
          : pick(['pageview', 'pageview', 'engagement', 'leave', 'signup']);
      events.push(
        visitorEvent({
          site,
          visitorId,
          sessionId: `s${session}`,
          name,
          occurredAt: new Date(at).toISOString(),
          page: pick(pages),
          referrer: pick(referrers),
          country: pick(countries),
          device: pick(devices),
          browser: pick(browsers),
          os: pick(oses),
          engagedMs: name === 'engagement' || name === 'leave' ? Math.floor(next() * 100_000) : null,
        }),
      );
      at += 1 + Math.floor(next() * 20 * 60_000);
    }
  }
  // Shuffled: batches arrive in any order.
  for (let index = events.length - 1; index > 0; index--) {
    const other = Math.floor(next() * (index + 1));
    [events[index], events[other]] = [events[other] as VisitorEventRecord, events[index] as VisitorEventRecord];
  }
  return events;
}

function bruteSessions(events: VisitorEventRecord[]): Map<string, BruteSession> {
  const sessions = new Map<string, BruteSession>();
  const sorted = [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  for (const event of sorted) {
    const key = `${event.site}|${event.sessionId}`;
    const at = Date.parse(event.occurredAt);
    const session = sessions.get(key) ?? {
      site: event.site,
      visitorId: event.visitorId,
      startedAt: at,
      endedAt: at,
      pageviews: 0,
      entryPage: null,
      exitPage: null,
      pages: new Set<string>(),
      first: event,
    };
    session.endedAt = at;
    if (event.name === 'pageview') {
      session.pageviews += 1;
      session.entryPage ??= event.page;
      session.exitPage = event.page;
      session.pages.add(event.page);
    }
    sessions.set(key, session);
  }
  return sessions;
}

function matches(value: string | null, filter: VisitorFilter): boolean {
  if (filter.operator === 'is') return value === filter.value;
  if (filter.operator === 'is_not') return value !== filter.value;
  return value?.toLowerCase().includes(filter.value.toLowerCase()) ?? false;
}

function sessionValue(session: BruteSession, dimension: Exclude<VisitorFilter['dimension'], 'page'>): string | null {
  if (dimension === 'entry_page') return session.entryPage;
  if (dimension === 'exit_page') return session.exitPage;
  return session.first[dimension];
}

interface Counted {
  pageviews: VisitorEventRecord[];
  sessions: BruteSession[];
}

/** The rules of visitor-history.repository.ts, over the raw records. */
function bruteCount(
  events: VisitorEventRecord[],
  sessions: Map<string, BruteSession>,
  range: { from: number; to: number; site: string | null; filters: VisitorFilter[] },
): Counted {
  const pageFilters = range.filters.filter((filter) => filter.dimension === 'page');
  const sessionFilters = range.filters.filter((filter) => filter.dimension !== 'page');
  const sessionMatches = (session: BruteSession) =>
    sessionFilters.every((filter) => matches(sessionValue(session, filter.dimension as never), filter));
  const pageviewMatches = (page: string) => pageFilters.every((filter) => matches(page, filter));
  return {
    pageviews: events.filter((event) => {
      const at = Date.parse(event.occurredAt);
      const session = sessions.get(`${event.site}|${event.sessionId}`) as BruteSession;
      return (
        event.name === 'pageview' &&
        at >= range.from &&
        at < range.to &&
        (range.site === null || event.site === range.site) &&
        pageviewMatches(event.page) &&
        sessionMatches(session)
      );
    }),
    sessions: [...sessions.values()].filter(
      (session) =>
        session.pageviews > 0 &&
        session.startedAt >= range.from &&
        session.startedAt < range.to &&
        (range.site === null || session.site === range.site) &&
        sessionMatches(session) &&
        (pageFilters.length === 0 || [...session.pages].some(pageviewMatches)),
    ),
  };
}

function metricsOfCounted(counted: Counted) {
  const sessions = counted.sessions.length;
  const bounces = counted.sessions.filter((session) => session.pageviews === 1).length;
  const durationMs = counted.sessions.reduce((sum, session) => sum + session.endedAt - session.startedAt, 0);
  return {
    visitors: new Set(counted.pageviews.map((event) => event.visitorId)).size,
    pageviews: counted.pageviews.length,
    sessions,
    bounce_rate: sessions === 0 ? 0 : Math.round((bounces / sessions) * 10_000) / 10_000,
    visit_duration: sessions === 0 ? 0 : Math.round(durationMs / sessions / 1_000),
  };
}

const filterChoices: string[] = [
  'page:is:/pricing',
  'page:is_not:/',
  'page:contains:BLOG',
  'entry_page:is:/',
  'exit_page:contains:blog',
  'referrer:is:google.com',
  'referrer:is_not:google.com',
  'country:is:India',
  'country:contains:an',
  'device:is:mobile',
  'browser:is_not:Safari',
  'os:contains:os',
];

function parseFilter(text: string): VisitorFilter {
  const [dimension, operator, ...rest] = text.split(':');
  return { dimension, operator, value: rest.join(':') } as VisitorFilter;
}

export interface RandomTrafficSuite {
  /** The API under test (set by the caller's beforeAll). */
  api: () => TestApi;
  admin: () => SignedInUser;
  /** Where the three days of traffic start. */
  base: number;
  /**
   * Visitors per bucket or breakdown value are estimates (the in-memory index's sketches): they
   * must be within `visitorsTolerance` (a share) of the count, the rest exactly equal.
   */
  estimatedVisitors: boolean;
}

const visitorsTolerance = 0.05;

/** Strips `visitors` where it is estimated, after checking it is within the tolerance. */
function withVisitorsChecked<T extends { visitors: number }>(
  actual: T,
  expected: T,
  estimated: boolean,
  label: string,
) {
  if (!estimated) return { actual, expected };
  expect(Math.abs(actual.visitors - expected.visitors), `${label}: visitors`).toBeLessThanOrEqual(
    Math.max(1, Math.ceil(expected.visitors * visitorsTolerance)),
  );
  return { actual: { ...actual, visitors: 0 }, expected: { ...expected, visitors: 0 } };
}

/**
 * Random traffic through POST /internal/visitor-events, then every read shape (timeseries in five
 * zones and three intervals, a breakdown by every dimension, with 0–2 random filters) against a
 * brute-force count of the raw records by the rules of visitor-history.repository.ts.
 */
export function describeRandomTraffic(name: string, suite: RandomTrafficSuite): void {
  const { base, estimatedVisitors } = suite;
  const data = async (path: string, query: Record<string, string | string[]>) => {
    const response = await suite.api().app.inject({ method: 'GET', url: path, query, headers: suite.admin().headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().data;
  };
  describe(name, () => {
    const events = randomTraffic(14, base);
    const sessions = bruteSessions(events);

    beforeAll(async () => {
      for (let start = 0; start < events.length; start += 97) {
        const response = await postVisitorEvents(suite.api(), events.slice(start, start + 97));
        expect(response.statusCode, response.body).toBe(200);
      }
      await rebuildVisitorSketches(suite.api());
    });

    const next = random(2026);
    const cases = Array.from({ length: 14 }, (_, index) => {
      const filterCount = Math.floor(next() * 3);
      const filters = Array.from(
        { length: filterCount },
        () => filterChoices[Math.floor(next() * filterChoices.length)] as string,
      );
      const zone = ['UTC', 'Asia/Kolkata', 'America/New_York', 'Asia/Kathmandu', 'Pacific/Chatham'][
        index % 5
      ] as string;
      const interval = (['hour', 'day', 'minute'] as const)[index % 3] as 'hour' | 'day' | 'minute';
      const from = base + Math.floor(next() * 86_400_000);
      const to = from + (interval === 'minute' ? 6 * 3_600_000 : Math.floor((1 + next()) * 86_400_000));
      const site = next() < 0.5 ? 'random.test' : null;
      return { filters, zone, interval, from, to, site };
    });

    it.each(cases)(
      'timeseries $interval in $zone with $filters',
      async ({ filters, zone, interval, from, to, site }) => {
        const range = { from, to, site, filters: filters.map(parseFilter) };
        const series = await data('/api/visitors/timeseries', {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          interval,
          tz: zone,
          filter: filters,
          ...(site ? { site } : {}),
        });
        const counted = bruteCount(events, sessions, range);
        expect(series.totals).toEqual(metricsOfCounted(counted));
        const expected = new Map<string, Counted>();
        const slot = (bucket: string) => {
          const entry = expected.get(bucket) ?? { pageviews: [], sessions: [] };
          expected.set(bucket, entry);
          return entry;
        };
        for (const event of counted.pageviews)
          slot(bucketOf(Date.parse(event.occurredAt), interval, zone)).pageviews.push(event);
        for (const session of counted.sessions)
          slot(bucketOf(session.startedAt, interval, zone)).sessions.push(session);
        const labels = series.buckets.map((bucket: { bucket: string }) => bucket.bucket);
        expect(labels[0]).toBe(bucketOf(from, interval, zone));
        expect(labels.at(-1)).toBe(bucketOf(to - 1, interval, zone));
        expect([...labels].sort()).toEqual(labels);
        for (const bucket of expected.keys()) expect(labels).toContain(bucket);
        for (const bucket of series.buckets) {
          const { bucket: label, ...metrics } = bucket;
          const checked = withVisitorsChecked(
            metrics,
            metricsOfCounted(expected.get(label) ?? { pageviews: [], sessions: [] }),
            estimatedVisitors,
            label,
          );
          expect(checked.actual, label).toEqual(checked.expected);
        }
      },
    );

    const dimensions = ['page', 'entry_page', 'exit_page', 'referrer', 'country', 'device', 'browser', 'os'] as const;
    it.each(dimensions.map((dimension, index) => ({ dimension, ...(cases[index] as (typeof cases)[number]) })))(
      'breakdown by $dimension with $filters',
      async ({ dimension, filters, from, to, site }) => {
        const breakdown = await data(`/api/visitors/breakdown/${dimension}`, {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          filter: filters,
          limit: '1000',
          ...(site ? { site } : {}),
        });
        const range = { from, to, site, filters: filters.map(parseFilter) };
        const counted = bruteCount(events, sessions, range);
        const values = new Set<string | null>();
        if (dimension === 'page') {
          for (const event of counted.pageviews) values.add(event.page);
          for (const session of counted.sessions) for (const page of session.pages) values.add(page);
        } else {
          for (const event of counted.pageviews)
            values.add(sessionValue(sessions.get(`${event.site}|${event.sessionId}`) as BruteSession, dimension));
          for (const session of counted.sessions) values.add(sessionValue(session, dimension));
        }
        const expected = [...values].map((value) => {
          // A row is the totals with one more filter: this dimension is this value.
          const row = bruteCount(events, sessions, {
            ...range,
            filters: [...range.filters, { dimension, operator: 'is', value: value as string }],
          });
          if (value === null) {
            // `is` cannot name null: count the rows whose value is null directly.
            const isNull = (session: BruteSession) => sessionValue(session, dimension as never) === null;
            row.pageviews = counted.pageviews.filter((event) =>
              isNull(sessions.get(`${event.site}|${event.sessionId}`) as BruteSession),
            );
            row.sessions = counted.sessions.filter(isNull);
          }
          return { value, ...metricsOfCounted(row) };
        });
        const byValue = (a: { value: string | null }, b: { value: string | null }) =>
          String(a.value).localeCompare(String(b.value));
        const rows = [...breakdown.rows].sort(byValue);
        const wanted = expected.filter((row) => row.visitors + row.sessions > 0).sort(byValue);
        expect(rows.map((row) => row.value)).toEqual(wanted.map((row) => row.value));
        rows.forEach((row, index) => {
          const checked = withVisitorsChecked(row, wanted[index] as typeof row, estimatedVisitors, String(row.value));
          expect(checked.actual).toEqual(checked.expected);
        });
        for (let index = 1; index < breakdown.rows.length; index++) {
          expect(breakdown.rows[index - 1].visitors).toBeGreaterThanOrEqual(breakdown.rows[index].visitors);
        }
      },
    );

    it('compare=previous answers the range of equal length just before', async () => {
      const from = base + 86_400_000;
      const to = from + 86_400_000;
      const series = await data('/api/visitors/timeseries', {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        interval: 'day',
        compare: 'previous',
      });
      expect(series.previous.from).toBe(new Date(base).toISOString());
      expect(series.previous.totals).toEqual(
        metricsOfCounted(bruteCount(events, sessions, { from: base, to: from, site: null, filters: [] })),
      );
      const pagesNow = await data('/api/visitors/breakdown/page', {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        compare: 'previous',
      });
      expect(pagesNow.previous.to).toBe(new Date(from).toISOString());
      expect(pagesNow.previous.rows.length).toBeGreaterThan(0);
    });
  });
}
