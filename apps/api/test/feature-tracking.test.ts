import type { PgPool } from '@showfloor/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadField } from './support/expect-bad-field.ts';
import { featurePool } from './support/feature-events.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

const track = (api: TestApi, user: SignedInUser, payload: unknown) =>
  api.app.inject({ method: 'POST', url: '/api/track', headers: user.headers, payload: payload as object });
const trackBatch = (api: TestApi, user: SignedInUser, payload: unknown) =>
  api.app.inject({ method: 'POST', url: '/api/track/batch', headers: user.headers, payload: payload as object });

async function storedEvents(pool: PgPool, userId: string) {
  const { rows } = await pool.query<{
    id: string;
    feature_name: string;
    age_band: number;
    gender: number;
    occurred_at: Date;
    properties: unknown;
  }>(
    'SELECT id, feature_name, age_band, gender, occurred_at, properties FROM feature_events WHERE user_id = $1 ORDER BY occurred_at',
    [userId],
  );
  return rows;
}

async function rollupClicks(pool: PgPool): Promise<number> {
  const { rows } = await pool.query<{ clicks: string | null }>(
    'SELECT sum(clicks)::text AS clicks FROM feature_click_days WHERE age_band = -1 AND gender = -1',
  );
  return Number(rows[0]?.clicks ?? 0);
}

/** Holds a lock every group commit needs, from another connection, until released. */
async function holdCommits(pool: PgPool): Promise<() => Promise<void>> {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE feature_click_days IN EXCLUSIVE MODE');
  return async () => {
    await client.query('ROLLBACK');
    client.release();
  };
}

describe('POST /api/track and /api/track/batch', () => {
  let api: TestApi;
  let pool: PgPool;
  let user: SignedInUser;

  beforeAll(async () => {
    api = await startTestApi();
    pool = featurePool(api);
    user = await signedInUser(api);
    // signedInUser makes a 30-year-old of gender Other.
  });
  afterAll(async () => {
    await pool.end();
    await api.close();
  });

  it('answers 202 with the stored id, filing the event under the age band and gender of the user row, not the body', async () => {
    const response = await track(api, user, {
      feature_name: 'date_filter',
      properties: { chart: 'bar' },
      user_id: '00000000-0000-4000-8000-000000000000',
      age: 12,
      gender: 'Male',
    });
    expect(response.statusCode, response.body).toBe(202);
    const { id, occurredAt } = response.json().data;
    const [stored] = (await storedEvents(pool, user.id)).filter((row) => row.id === id);
    expect(stored).toMatchObject({ feature_name: 'date_filter', age_band: 2, gender: 3, properties: { chart: 'bar' } });
    expect(stored?.occurred_at.toISOString()).toBe(occurredAt);
  });

  it('files the next event under a changed age at once, not after the demographics cache expires', async () => {
    const changing = await signedInUser(api);
    await track(api, changing, { feature_name: 'before_birthday' });
    const update = await api.app.inject({
      method: 'POST',
      url: '/api/auth/update',
      headers: changing.headers,
      payload: { age: 41, gender: 'Female' },
    });
    expect(update.statusCode, update.body).toBe(200);
    await track(api, changing, { feature_name: 'after_birthday' });
    const rows = await storedEvents(pool, changing.id);
    expect(rows.map((row) => [row.feature_name, row.age_band, row.gender])).toEqual([
      ['before_birthday', 2, 3],
      ['after_birthday', 3, 2],
    ]);
  });

  it('clamps occurredAt into the last 72 hours and never past the moment it arrived', async () => {
    const before = Date.now();
    const future = await track(api, user, { feature_name: 'future_click', occurredAt: '2999-01-01T00:00:00Z' });
    const ancient = await track(api, user, { feature_name: 'ancient_click', occurredAt: '2001-01-01T00:00:00Z' });
    const after = Date.now();
    const futureAt = Date.parse(future.json().data.occurredAt);
    const ancientAt = Date.parse(ancient.json().data.occurredAt);
    expect(futureAt).toBeGreaterThanOrEqual(before);
    expect(futureAt).toBeLessThanOrEqual(after);
    expect(ancientAt).toBeGreaterThanOrEqual(before - 72 * 3_600_000);
    expect(ancientAt).toBeLessThanOrEqual(after - 72 * 3_600_000);
  });

  it('refuses a feature name that is not a short slug, naming the field', async () => {
    for (const feature_name of ['', 'Date Filter', 'x'.repeat(65), '9lives', 'a__b', 'drop;table']) {
      expectBadField(await track(api, user, { feature_name }), 'feature_name');
    }
    expectBadField(await track(api, user, {}), 'feature_name');
    expectBadField(await track(api, user, { feature_name: 'ok', occurredAt: 'yesterday' }), 'occurredAt');
    const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, index) => [`key${index}`, index]));
    expectBadField(await track(api, user, { feature_name: 'ok', properties: tooMany }), 'properties');
    expectBadField(
      await track(api, user, { feature_name: 'ok', properties: { nested: { deep: 1 } } }),
      'properties.nested',
    );
    expectBadField(
      await track(api, user, { feature_name: 'ok', properties: { note: 'x'.repeat(201) } }),
      'properties.note',
    );
  });

  it('needs a signed-in user, and refuses one whose account was deleted', async () => {
    const anonymous = await api.app.inject({ method: 'POST', url: '/api/track', payload: { feature_name: 'x' } });
    expect(anonymous.statusCode).toBe(401);
    const doomed = await signedInUser(api);
    await api.db.prisma.user.delete({ where: { id: doomed.id } });
    expect((await track(api, doomed, { feature_name: 'x' })).statusCode).toBe(401);
  });

  it('stores a batch in one transaction and says how many', async () => {
    const events = Array.from({ length: 1_000 }, (_, index) => ({ feature_name: `batch_${index % 7}` }));
    const response = await trackBatch(api, user, { events });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json().data).toEqual({ stored: 1_000 });
    expect((await storedEvents(pool, user.id)).filter((row) => row.feature_name.startsWith('batch_'))).toHaveLength(
      1_000,
    );
  });

  it('refuses a batch with one bad event, naming events.N.field, and stores none of it', async () => {
    const before = (await storedEvents(pool, user.id)).length;
    const bad = await trackBatch(api, user, {
      events: [{ feature_name: 'fine' }, { feature_name: 'Not A Slug' }, { feature_name: 'fine_too' }],
    });
    expectBadField(bad, 'events.1.feature_name');
    expectBadField(
      await trackBatch(api, user, { events: Array.from({ length: 1_001 }, () => ({ feature_name: 'x' })) }),
      'events',
    );
    expectBadField(await trackBatch(api, user, { events: [] }), 'events');
    expect(await storedEvents(pool, user.id)).toHaveLength(before);
  });

  it('keeps the rollups and presence equal to the raw rows, though most events skip the presence writes', async () => {
    // Sequential requests: each commit after the first finds the user's span already remembered.
    for (let click = 0; click < 5; click += 1) await track(api, user, { feature_name: 'repeat_click' });
    const { rows } = await pool.query<{ count: string }>('SELECT count(*)::text AS count FROM feature_events');
    expect(await rollupClicks(pool)).toBe(Number(rows[0]?.count));
    const mismatches = await pool.query(
      `WITH raw AS (
         SELECT (e.occurred_at AT TIME ZONE 'UTC')::date AS day, e.feature_name, e.age_band, e.gender, u.ordinal,
                min(extract(hour FROM e.occurred_at AT TIME ZONE 'UTC') * 4 + floor(extract(minute FROM e.occurred_at AT TIME ZONE 'UTC') / 15))::smallint AS first_quarter,
                max(extract(hour FROM e.occurred_at AT TIME ZONE 'UTC') * 4 + floor(extract(minute FROM e.occurred_at AT TIME ZONE 'UTC') / 15))::smallint AS last_quarter
         FROM feature_events e JOIN users u ON u.id = e.user_id GROUP BY 1, 2, 3, 4, 5
       ), spans AS (
         SELECT day, feature_name, age_band, gender, user_ordinal AS ordinal, first_quarter, last_quarter FROM feature_user_spans
       )
       (SELECT * FROM raw EXCEPT SELECT * FROM spans) UNION ALL (SELECT * FROM spans EXCEPT SELECT * FROM raw)`,
    );
    expect(mismatches.rows).toEqual([]);
    const bits = await pool.query<{ users: number }>(
      `SELECT sum(bit_count(users))::int AS users FROM feature_user_days
       WHERE age_band = -1 AND gender = -1 AND feature_name = 'repeat_click'`,
    );
    expect(bits.rows[0]?.users).toBe(1);
  });
});

describe('acknowledged only after commit', () => {
  it('answers 503 with Retry-After to requests whose commit was lost, and every 202 is in the database', async () => {
    const api = await startTestApi();
    const pool = featurePool(api);
    try {
      const users = await Promise.all(Array.from({ length: 4 }, () => signedInUser(api)));
      const release = await holdCommits(pool);
      const first = users.flatMap((user) =>
        Array.from({ length: 25 }, (_, index) => track(api, user, { feature_name: `lost_${index % 3}` })),
      );
      // The commits are now waiting on the lock; end the writer's connections under them (this
      // file's database only: other files run beside it on the same server).
      await waitForBlockedWriters(pool);
      await pool.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'showfloor-feature-events' AND datname = current_database()",
      );
      const answered = await Promise.all(first);
      await release();
      // The database is back: the same requests now land.
      const second = await Promise.all(users.map((user) => track(api, user, { feature_name: 'after_restart' })));

      const all = [...answered, ...second];
      const refused = all.filter((response) => response.statusCode === 503);
      expect(refused.length).toBeGreaterThan(0);
      for (const response of refused) {
        expect(response.headers['retry-after']).toBe('1');
        expect(response.json().error.code).toBe('service_unavailable');
      }
      expect(all.every((response) => response.statusCode === 202 || response.statusCode === 503)).toBe(true);
      expect(second.every((response) => response.statusCode === 202)).toBe(true);
      const acknowledged = all
        .filter((response) => response.statusCode === 202)
        .map((response) => response.json().data.id);
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM feature_events');
      const stored = new Set(rows.map((row) => row.id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      // Nothing half-written: what was refused left no raw row and no rollup behind.
      expect(rows.length).toBe(acknowledged.length);
      expect(await rollupClicks(pool)).toBe(rows.length);
    } finally {
      await pool.end();
      await api.close();
    }
  });

  it('refuses at once with 503 when the queue is full, and commits what it had accepted', async () => {
    const api = await startTestApi({ TRACK_QUEUE_MAX_EVENTS: '1000' });
    const pool = featurePool(api);
    try {
      const user = await signedInUser(api);
      const release = await holdCommits(pool);
      const accepted = trackBatch(api, user, {
        events: Array.from({ length: 1_000 }, () => ({ feature_name: 'queued' })),
      });
      await waitForBlockedWriters(pool);
      const refused = await track(api, user, { feature_name: 'one_too_many' });
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      const health = (await api.app.inject({ method: 'GET', url: '/health' })).json();
      expect(health.trackedEvents).toMatchObject({ pending: 1_000, refused: { queueFull: 1 } });
      await release();
      expect((await accepted).statusCode).toBe(202);
      expect(await storedEvents(pool, user.id)).toHaveLength(1_000);
    } finally {
      await pool.end();
      await api.close();
    }
  });

  it('answers 503 when the commit is slower than its deadline, and that commit is cancelled, not stored later', async () => {
    const api = await startTestApi({ TRACK_COMMIT_DEADLINE_MS: '300' });
    const pool = featurePool(api);
    try {
      const user = await signedInUser(api);
      const release = await holdCommits(pool);
      const slow = await track(api, user, { feature_name: 'too_slow' });
      expect(slow.statusCode).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await release();
      expect((await track(api, user, { feature_name: 'in_time' })).statusCode).toBe(202);
      expect((await storedEvents(pool, user.id)).map((row) => row.feature_name)).toEqual(['in_time']);
    } finally {
      await pool.end();
      await api.close();
    }
  });

  it('commits what is waiting when the server shuts down', async () => {
    const api = await startTestApi({ TRACK_BATCH_LINGER_MS: '1000' });
    const pool = featurePool(api);
    try {
      const user = await signedInUser(api);
      const pending = track(api, user, { feature_name: 'at_shutdown' });
      // Until the event waits in the writer (its commit is 1 s away).
      while ((await api.app.inject({ method: 'GET', url: '/health' })).json().trackedEvents.pending === 0) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await api.app.close();
      const response = await pending;
      expect(response.statusCode, response.body).toBe(202);
      expect((await storedEvents(pool, user.id)).map((row) => row.id)).toEqual([response.json().data.id]);
    } finally {
      await pool.end();
      await api.db.drop();
    }
  });
});

/** Until a writer connection is waiting for the held lock. */
async function waitForBlockedWriters(pool: PgPool): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { rows } = await pool.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
       WHERE application_name = 'showfloor-feature-events' AND wait_event_type = 'Lock' AND datname = current_database()`,
    );
    if ((rows[0]?.waiting ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('no writer connection ever waited for the lock');
}
