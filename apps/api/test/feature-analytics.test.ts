import type { PgPool } from '@showfloor/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadField } from './support/expect-bad-field.ts';
import {
  type AnalyticsUser,
  analyticsUser,
  featurePool,
  type PastEvent,
  recordPastEvents,
} from './support/feature-events.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

let api: TestApi;
let pool: PgPool;
let admin: SignedInUser;

beforeAll(async () => {
  api = await startTestApi();
  pool = featurePool(api);
  admin = await signedInUser(api, 'admin');
});
afterAll(async () => {
  await pool.end();
  await api.close();
});

async function analytics(query: Record<string, string>, headers: Record<string, string> = admin.headers) {
  const response = await api.app.inject({ method: 'GET', url: '/api/analytics', query, headers });
  return response;
}

async function figures(query: Record<string, string>) {
  const response = await analytics(query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

describe('GET /api/analytics on hand-made events', () => {
  let teen: AnalyticsUser;
  let adultWoman: AnalyticsUser;
  let senior: AnalyticsUser;
  let unknown: AnalyticsUser;

  beforeAll(async () => {
    teen = await analyticsUser(api, 16, 'Male');
    adultWoman = await analyticsUser(api, 30, 'Female');
    senior = await analyticsUser(api, 65, 'Other');
    unknown = await analyticsUser(api, null, null);
    const events: PastEvent[] = [
      // 2025-03-01 (UTC)
      { user: teen, feature: 'date_filter', at: '2025-03-01T10:00:00Z' },
      { user: teen, feature: 'date_filter', at: '2025-03-01T11:00:00Z' },
      { user: adultWoman, feature: 'date_filter', at: '2025-03-01T12:00:00Z' },
      { user: senior, feature: 'export_csv', at: '2025-03-01T13:00:00Z' },
      // 23:30 UTC on 2025-03-02 is 08:30 on 2025-03-03 in Tokyo.
      { user: adultWoman, feature: 'export_csv', at: '2025-03-02T23:30:00Z' },
      { user: unknown, feature: 'date_filter', at: '2025-03-03T09:00:00Z' },
      { user: unknown, feature: 'bar_chart', at: '2025-03-03T09:05:00Z' },
    ];
    await recordPastEvents(pool, events.slice(0, 3));
    await recordPastEvents(pool, events.slice(3));
  });

  const march = { start_date: '2025-03-01', end_date: '2025-03-03' };

  it('answers seed 004’s shape: bars by clicks, the top feature’s days with zeros, and the summary', async () => {
    const data = await figures({ ...march, end_date: '2025-03-04' });
    expect(data.bar_chart).toEqual([
      { feature_name: 'date_filter', total_clicks: 4, unique_users: 3 },
      { feature_name: 'export_csv', total_clicks: 2, unique_users: 2 },
      { feature_name: 'bar_chart', total_clicks: 1, unique_users: 1 },
    ]);
    expect(data.line_chart).toEqual([
      { date: '2025-03-01', click_count: 3 },
      { date: '2025-03-02', click_count: 0 },
      { date: '2025-03-03', click_count: 1 },
      { date: '2025-03-04', click_count: 0 },
    ]);
    expect(data.summary).toEqual({
      total_clicks: 7,
      unique_users: 4,
      date_range: { start: '2025-03-01', end: '2025-03-04', time_zone: 'UTC' },
      active_feature: 'date_filter',
    });
    expect(data.interval).toBe('day');
  });

  it('counts days in the asked time zone: 23:30 UTC belongs to the next day in Asia/Tokyo', async () => {
    const utc = await figures({ ...march, feature: 'export_csv' });
    expect(utc.line_chart.map((point: { click_count: number }) => point.click_count)).toEqual([1, 1, 0]);
    const tokyo = await figures({ ...march, feature: 'export_csv', tz: 'Asia/Tokyo' });
    // 13:00 UTC on the 1st is 22:00 on the 1st in Tokyo; 23:30 UTC on the 2nd is the 3rd there.
    expect(tokyo.line_chart.map((point: { click_count: number }) => point.click_count)).toEqual([1, 0, 1]);
    // Tokyo's 2025-03-01 starts at 15:00 UTC on Feb 28, so 10:00–13:00 UTC on the 1st are all inside it.
    const tokyoFirst = await figures({ start_date: '2025-03-01', end_date: '2025-03-01', tz: 'Asia/Tokyo' });
    expect(tokyoFirst.summary).toMatchObject({ total_clicks: 4, unique_users: 3 });
    // In New York the 3rd ends at 05:00 UTC on the 4th; 09:00 UTC on the 3rd is 04:00 there.
    const newYorkThird = await figures({ start_date: '2025-03-03', end_date: '2025-03-03', tz: 'America/New_York' });
    expect(newYorkThird.bar_chart.map((bar: { feature_name: string }) => bar.feature_name).sort()).toEqual([
      'bar_chart',
      'date_filter',
    ]);
  });

  it('filters by age band and gender; users without them count under all only', async () => {
    const teens = await figures({ ...march, age: '<18' });
    expect(teens.bar_chart).toEqual([{ feature_name: 'date_filter', total_clicks: 2, unique_users: 1 }]);
    expect(teens.summary.unique_users).toBe(1);
    const adults = await figures({ ...march, age: '18-40', gender: 'Female' });
    expect(adults.summary).toMatchObject({ total_clicks: 2, unique_users: 1 });
    const seniors = await figures({ ...march, age: '>40' });
    expect(seniors.bar_chart).toEqual([{ feature_name: 'export_csv', total_clicks: 1, unique_users: 1 }]);
    const women = await figures({ ...march, gender: 'Female' });
    expect(women.summary.total_clicks).toBe(2);
    const everyone = await figures(march);
    expect(everyone.summary.total_clicks).toBe(7);
    const sum = ['<18', '18-40', '>40'].reduce(
      async (total, age) => (await total) + (await figures({ ...march, age })).summary.total_clicks,
      Promise.resolve(0),
    );
    // The unknown user's 2 clicks are in `all` and in no band.
    expect(await sum).toBe(5);
  });

  it('answers an empty range with no bars, zero days and no active feature', async () => {
    const data = await figures({ start_date: '2024-01-01', end_date: '2024-01-03' });
    expect(data.bar_chart).toEqual([]);
    expect(data.line_chart).toEqual([
      { date: '2024-01-01', click_count: 0 },
      { date: '2024-01-02', click_count: 0 },
      { date: '2024-01-03', click_count: 0 },
    ]);
    expect(data.summary).toMatchObject({ total_clicks: 0, unique_users: 0, active_feature: null });
  });

  it('groups the line chart by week or month, and compares with the previous period', async () => {
    const weekly = await figures({
      start_date: '2025-02-24',
      end_date: '2025-03-09',
      interval: 'week',
      feature: 'date_filter',
    });
    expect(weekly.line_chart).toEqual([
      { date: '2025-02-24', click_count: 3 },
      { date: '2025-03-03', click_count: 1 },
    ]);
    // 2 and 3 March have one click each on three features: the tie goes to the first name.
    const compared = await figures({ start_date: '2025-03-02', end_date: '2025-03-03', compare: 'previous' });
    expect(compared.summary).toMatchObject({ total_clicks: 3, active_feature: 'bar_chart' });
    expect(compared.previous.summary).toMatchObject({
      total_clicks: 4,
      date_range: { start: '2025-02-28', end: '2025-03-01', time_zone: 'UTC' },
      // The previous period is drawn for the same feature as the current one.
      active_feature: 'bar_chart',
    });
    expect(compared.previous.line_chart).toEqual([
      { date: '2025-02-28', click_count: 0 },
      { date: '2025-03-01', click_count: 0 },
    ]);
  });

  it('exports CSV with format=csv or Accept: text/csv', async () => {
    const response = await analytics({ ...march, format: 'csv' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.body).toBe(
      'date,feature_name,click_count\n2025-03-01,date_filter,3\n2025-03-01,export_csv,1\n2025-03-02,export_csv,1\n2025-03-03,bar_chart,1\n2025-03-03,date_filter,1\n',
    );
    const accepted = await analytics(march, { ...admin.headers, accept: 'text/csv' });
    expect(accepted.body).toBe(response.body);
  });

  it('is for admins only', async () => {
    const user = await signedInUser(api);
    expect((await analytics(march, user.headers)).statusCode).toBe(403);
    expect((await api.app.inject({ method: 'GET', url: '/api/analytics' })).statusCode).toBe(401);
  });

  it('refuses bad filters, naming the field', async () => {
    expectBadField(await analytics({ age: '30' }), 'age');
    expectBadField(await analytics({ gender: 'male' }), 'gender');
    expectBadField(await analytics({ tz: 'Mars/Olympus_Mons' }), 'tz');
    expectBadField(await analytics({ tz: '+05:30' }), 'tz');
    expectBadField(await analytics({ start_date: '2025-13-45' }), 'start_date');
    expectBadField(await analytics({ end_date: 'tomorrow' }), 'end_date');
    expectBadField(await analytics({ start_date: '2025-03-05', end_date: '2025-03-01' }), 'start_date');
    expectBadField(await analytics({ start_date: '2024-01-01', end_date: '2025-03-01' }), 'start_date');
    expectBadField(await analytics({ interval: 'hour' }), 'interval');
    expectBadField(await analytics({ feature: 'Not A Slug' }), 'feature');
  });
});

describe('days events can still reach', () => {
  it('count a new user at once when now falls on a partial UTC day at the range’s edge', async () => {
    // Today in Tokyo ends at 15:00 UTC, a cut still ahead of now (that UTC day is read whole);
    // today in New York starts at 05:00 UTC, a cut behind now (its users come from the spans).
    const tz = new Date().getUTCHours() < 14 ? 'Asia/Tokyo' : 'America/New_York';
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date());
    const query = { tz, start_date: today, end_date: today };
    const before = await figures(query);
    const newcomer = await analyticsUser(api, 30, 'Male');
    await recordPastEvents(pool, [{ user: newcomer, feature: 'fresh_feature', at: new Date() }]);
    const after = await figures(query);
    expect(after.summary.unique_users).toBe(before.summary.unique_users + 1);
    expect(after.bar_chart).toContainEqual({ feature_name: 'fresh_feature', total_clicks: 1, unique_users: 1 });
  });
});

describe('rollups equal a brute-force count over the raw rows', () => {
  const zones = [
    'UTC',
    'Asia/Tokyo',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'America/St_Johns',
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
  ];
  const features = ['search', 'filter', 'export', 'share', 'zoom'];

  // A small deterministic generator, so a failure can be replayed.
  let seed = 20_261_202;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  beforeAll(async () => {
    const ages = [null, 12, 17, 18, 25, 40, 41, 70];
    const genders = [null, 'Male', 'Female', 'Other'] as const;
    const users = await Promise.all(Array.from({ length: 24 }, () => analyticsUser(api, pick(ages), pick(genders))));
    // 2,400 events over 20 days around a daylight-saving change (Europe and North America, late March).
    const start = Date.parse('2026-03-20T00:00:00Z');
    const events: PastEvent[] = Array.from({ length: 2_400 }, () => ({
      user: pick(users),
      feature: pick(features),
      at: new Date(start + Math.floor(random() * 20 * 86_400_000)),
    }));
    for (let offset = 0; offset < events.length; offset += 300)
      await recordPastEvents(pool, events.slice(offset, offset + 300));
  });

  it('for random ranges, zones, age bands and genders', async () => {
    for (let round = 0; round < 24; round += 1) {
      const startDay = 19 + Math.floor(random() * 18);
      const length = 1 + Math.floor(random() * 6);
      const start = new Date(Date.UTC(2026, 2, startDay)).toISOString().slice(0, 10);
      const end = new Date(Date.UTC(2026, 2, startDay + length - 1)).toISOString().slice(0, 10);
      const query = {
        start_date: start,
        end_date: end,
        tz: pick(zones),
        age: pick(['all', '<18', '18-40', '>40']),
        gender: pick(['all', 'Male', 'Female', 'Other']),
      };
      const data = await figures(query);
      // Asked again, its closed edge days come from the cache: the same answer.
      expect(await figures(query)).toEqual(data);
      const expected = await bruteForce(query);
      expect({ query, bars: data.bar_chart, unique: data.summary.unique_users }).toEqual({
        query,
        bars: expected.bars,
        unique: expected.unique,
      });
      if (data.summary.active_feature !== null) {
        const days = await bruteForceDays(query, data.summary.active_feature);
        expect(data.line_chart.filter((point: { click_count: number }) => point.click_count > 0)).toEqual(days);
      }
    }
  });

  const bandSql = `CASE WHEN u.age IS NULL THEN 'none' WHEN u.age < 18 THEN '<18' WHEN u.age <= 40 THEN '18-40' ELSE '>40' END`;
  const filterSql = `(e.occurred_at AT TIME ZONE $3)::date BETWEEN $1::date AND $2::date
    AND ($4 = 'all' OR ${bandSql} = $4) AND ($5 = 'all' OR u.gender::text = $5)`;

  async function bruteForce(query: { start_date: string; end_date: string; tz: string; age: string; gender: string }) {
    const values = [query.start_date, query.end_date, query.tz, query.age, query.gender];
    const { rows } = await pool.query<{ feature_name: string; total_clicks: number; unique_users: number }>(
      `SELECT e.feature_name, count(*)::int AS total_clicks, count(DISTINCT e.user_id)::int AS unique_users
       FROM feature_events e JOIN users u ON u.id = e.user_id WHERE ${filterSql}
       GROUP BY e.feature_name ORDER BY total_clicks DESC, e.feature_name`,
      values,
    );
    const unique = await pool.query<{ unique: number }>(
      `SELECT count(DISTINCT e.user_id)::int AS unique FROM feature_events e JOIN users u ON u.id = e.user_id WHERE ${filterSql}`,
      values,
    );
    return { bars: rows, unique: unique.rows[0]?.unique };
  }

  async function bruteForceDays(
    query: { start_date: string; end_date: string; tz: string; age: string; gender: string },
    feature: string,
  ) {
    const { rows } = await pool.query<{ date: string; click_count: number }>(
      `SELECT to_char((e.occurred_at AT TIME ZONE $3)::date, 'YYYY-MM-DD') AS date, count(*)::int AS click_count
       FROM feature_events e JOIN users u ON u.id = e.user_id WHERE ${filterSql} AND e.feature_name = $6
       GROUP BY 1 ORDER BY 1`,
      [query.start_date, query.end_date, query.tz, query.age, query.gender, feature],
    );
    return rows;
  }
});
