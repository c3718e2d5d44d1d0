// The data `pnpm bench:ingest` reads from: a population of users and millions of feature events
// over the last 60 days, with the four rollups that record_feature_events (migration
// 20261202041822_feature_analytics) would have built from them — made with set-based SQL in about
// a minute, where sending them through the API would take many.
//
// Every value derives from (day, row number) through hashint8, so each run builds the same shape
// of data relative to now(). The rollups are computed from the raw rows only, per UTC day, with the
// function's semantics: base and everyone cells (-1 = all) for clicks, cubed cells for presence, quarter buckets by
// date_bin('15 minutes'), UTC days, uncubed user spans with their first/last quarter, presence
// bitmaps of users.ordinal in chunks of 4,096. checkGeneratorMatchesFunction() proves it on a
// sample by letting the function itself rebuild those rows.
import { featureNameSchema } from '@showfloor/contracts';
import type { PrismaClient } from '@showfloor/db';

/** Seed 004-like features, most used first: popularity falls off with the position. */
export const benchFeatures = [
  'date_filter',
  'bar_chart',
  'line_chart',
  'age_filter',
  'gender_filter',
  'export_csv',
  'feature_picker',
  'time_zone_picker',
  'compare_toggle',
  'interval_week',
  'dashboard_refresh',
  'share_link',
  'live_chat',
  'reaction_heart',
  'product_card',
  'showcase_click',
  'session_join',
  'search_box',
  'dark_mode',
  'profile_edit',
  'notification_bell',
  'leaderboard_view',
  'creator_console',
  'help_center',
  'keyboard_shortcuts',
].map((name) => featureNameSchema.parse(name));

/**
 * The event's age band and gender codes, as the migration defines them (age_band 1 '<18',
 * 2 '18-40', 3 '>40', 0 none; gender 1 Male, 2 Female, 3 Other, 0 none) from users.age and
 * users.gender; the bands' bounds are ageBandOf's (packages/contracts/src/rules/age-band.ts).
 */
const ageBandSql = (age: string) =>
  `(CASE WHEN ${age} IS NULL THEN 0 WHEN ${age} < 18 THEN 1 WHEN ${age} <= 40 THEN 2 ELSE 3 END)::smallint`;
const genderSql = (gender: string) =>
  `(CASE ${gender} WHEN 'Male' THEN 1 WHEN 'Female' THEN 2 WHEN 'Other' THEN 3 ELSE 0 END)::smallint`;

/**
 * Events whose stored band or gender differs from what this file derives from their user's row:
 * run over the events the API wrote, it proves the generator and the API agree on the codes.
 */
export async function countCodeMismatches(prisma: PrismaClient): Promise<{ events: number; mismatches: number }> {
  const [row] = await prisma.$queryRawUnsafe<{ events: bigint; mismatches: bigint }[]>(
    `SELECT count(*) AS events,
            count(*) FILTER (WHERE e.age_band <> ${ageBandSql('u.age')} OR e.gender <> ${genderSql('u.gender')}) AS mismatches
     FROM feature_events e JOIN users u ON u.id = e.user_id`,
  );
  return { events: Number(row?.events ?? 0), mismatches: Number(row?.mismatches ?? 0) };
}

/** A readable, cheap id: `a0000000-0000-4000-8000-00000000002a` is bench user 42. */
export const benchUserId = (number: number) => `a0000000-0000-4000-8000-${number.toString(16).padStart(12, '0')}`;
const benchUserIdSql = (number: string) => `('a0000000-0000-4000-8000-' || lpad(to_hex(${number}), 12, '0'))::uuid`;

/**
 * `count` users with ordinals 1…count, ages and genders spread over every band (about 8 % without
 * an age, 6 % without a gender): 12 % under 18, 50 % 18-40, 30 % over 40; 46 % Male, 44 % Female,
 * 4 % Other. The ordinal sequence is moved past them, so users created later get the next ones.
 */
export async function createBenchUsers(prisma: PrismaClient, count: number): Promise<void> {
  await prisma.$executeRawUnsafe(
    `INSERT INTO users (id, username, email, name, password_hash, role, age, gender, token_version, ordinal, updated_at)
     SELECT ${benchUserIdSql('n')}, 'bench_user_' || n, 'bench-user-' || n || '@example.test', 'Bench User ' || n,
            'not-a-real-hash', 'user'::"UserRole",
            CASE WHEN h.a < 80 THEN NULL WHEN h.a < 200 THEN 13 + h.a % 5 WHEN h.a < 700 THEN 18 + h.a % 23
                 ELSE 41 + h.a % 40 END,
            (CASE WHEN h.g < 60 THEN NULL WHEN h.g < 520 THEN 'Male' WHEN h.g < 960 THEN 'Female' ELSE 'Other' END)::"Gender",
            0, n, now()
     FROM generate_series(1, ${count}) AS n,
          LATERAL (SELECT abs(hashint4(n * 7919)::int8) % 1000 AS a, abs(hashint4(n * 104729 + 1)::int8) % 1000 AS g) AS h`,
  );
  await prisma.$executeRawUnsafe(
    `SELECT setval(pg_get_serial_sequence('users', 'ordinal'), (SELECT max(ordinal) FROM users))`,
  );
}

export interface GenerationPlan {
  events: number;
  days: number;
  /** Users 1…users exist (createBenchUsers); user n is the n-th most active. */
  users: number;
  /** Days generated at once, each on its own connection. */
  parallelDays: number;
}

export interface GenerationReport {
  events: number;
  spans: number;
  quarters: number;
  dayRows: number;
  bitmapRows: number;
  firstDay: string;
  lastDay: string;
  generateMs: number;
  vacuumMs: number;
  /** Time spent in each kind of statement, summed over the days (the connections run in parallel). */
  stepMs: Record<string, number>;
}

interface DayPlan {
  /** 0 = today (UTC), 1 = yesterday… */
  offset: number;
  events: number;
  /** Events fall in the first `milliseconds` of the day (all of it, or today's part so far). */
  milliseconds: number;
}

const dayMs = 86_400_000;

/**
 * Events per day: busier towards today (×1.5 over the 60 days), weekends at 70 %, today only for
 * the part of it that has passed (up to a minute ago).
 */
function planDays(plan: GenerationPlan, now: Date): DayPlan[] {
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const elapsedToday = Math.max(now.getTime() - 60_000 - todayStart, 60_000);
  const weights = Array.from({ length: plan.days }, (_, offset) => {
    const weekday = new Date(todayStart - offset * dayMs).getUTCDay();
    const growth = 1 + (0.5 * (plan.days - 1 - offset)) / Math.max(plan.days - 1, 1);
    const weekend = weekday === 0 || weekday === 6 ? 0.7 : 1;
    const part = offset === 0 ? elapsedToday / dayMs : 1;
    return growth * weekend * part;
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const days = weights.map((weight, offset) => ({
    offset,
    events: Math.floor((plan.events * weight) / total),
    milliseconds: offset === 0 ? elapsedToday : dayMs,
  }));
  // Rounding leftovers go to the busiest day, so the total is exact.
  const leftover = plan.events - days.reduce((sum, day) => sum + day.events, 0);
  (days[days.length - 1] as DayPlan).events += leftover;
  return days;
}

/** UTC days as SQL, counted back from one fixed date (so a run that crosses midnight stays consistent). */
function utcDays(today: string) {
  const day = (offset: number) => `('${today}'::date - ${offset})`;
  return {
    day,
    start: (offset: number) => `(${day(offset)}::timestamp AT TIME ZONE 'UTC')`,
    end: (offset: number) => `((${day(offset)} + 1)::timestamp AT TIME ZONE 'UTC')`,
  };
}
type UtcDays = ReturnType<typeof utcDays>;

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** The statements that build one day: its events, then every rollup row of that day from them. */
function dayStatements(
  day: DayPlan,
  plan: GenerationPlan,
  calendar: UtcDays,
  partition: string,
): { label: string; sql: string }[] {
  const { day: daySql, start: dayStartSql, end: dayEndSql } = calendar;
  const features = `ARRAY[${benchFeatures.map((name) => `'${name}'`).join(', ')}]::text[]`;
  // A distinct input per (day, row, draw) for hashint8.
  const draw = (index: number) => `abs(hashint8((${day.offset}::int8 * 100000000 + i) * 4 + ${index})::int8)`;
  const inDay = (column: string) => `${column} >= ${dayStartSql(day.offset)} AND ${column} < ${dayEndSql(day.offset)}`;
  // The function's quarter, extract(hour)*4 + floor(extract(minute)/15) in UTC; date_part gives the
  // same values as double precision, several times faster than extract's numeric.
  const quarter = `(date_part('hour', e.occurred_at AT TIME ZONE 'UTC') * 4 + floor(date_part('minute', e.occurred_at AT TIME ZONE 'UTC') / 15))::smallint`;
  const cube = (keys: string) =>
    `GROUPING SETS ((age_band, gender, ${keys}), (gender, ${keys}), (age_band, ${keys}), (${keys}))`;
  // Click rollups keep the base cells and everyone (migration 20261202180600).
  const baseAndTotal = (keys: string) => `GROUPING SETS ((age_band, gender, ${keys}), (${keys}))`;
  return [
    {
      label: 'events',
      // User n is drawn with density ∝ n^-0.6 (the most active user has hundreds of times the
      // events of the least); features likewise by position; times of day peak around 14:00 UTC.
      sql: `INSERT INTO feature_events (id, occurred_at, received_at, user_id, feature_name, age_band, gender)
        SELECT ('e' || lpad(to_hex(${day.offset}), 7, '0') || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
               t.occurred_at, t.occurred_at + interval '35 milliseconds', u.id,
               (${features})[1 + floor(${benchFeatures.length} * power((${draw(1)} % 1000000)::float8 / 1000000, 2.2))::int],
               ${ageBandSql('u.age')}, ${genderSql('u.gender')}
        FROM generate_series(1, ${day.events}) AS i
        JOIN users u ON u.ordinal = 1 + floor(${plan.users} * power((${draw(0)} % 1000000)::float8 / 1000000, 2.5))::int
        CROSS JOIN LATERAL (
          SELECT CASE WHEN ${draw(2)} % 10 < 3 THEN ${draw(3)} % ${dayMs}
                      ELSE ((${draw(2)} % ${dayMs} + ${draw(3)} % ${dayMs}) / 2 + 7200000) % ${dayMs} END AS ms
        ) AS drawn
        CROSS JOIN LATERAL (
          SELECT ${dayStartSql(day.offset)} + (drawn.ms % ${day.milliseconds}) * interval '1 millisecond' AS occurred_at
        ) AS t`,
    },
    // Fresh statistics for the partition, so the rollup statements below are planned for its real size.
    { label: 'analyze', sql: `ANALYZE ${partition}` },
    {
      label: 'click rollups',
      sql: `WITH cubed AS MATERIALIZED (
          SELECT coalesce(age_band, -1) AS age_band, coalesce(gender, -1) AS gender, feature_name, bucket,
                 sum(clicks)::bigint AS clicks
          FROM (
            SELECT age_band, gender, feature_name,
                   date_bin('15 minutes', occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket, count(*) AS clicks
            FROM feature_events WHERE ${inDay('occurred_at')}
            GROUP BY 1, 2, 3, 4
          ) AS base
          GROUP BY ${baseAndTotal('feature_name, bucket')}
        ), quarters AS (
          INSERT INTO feature_click_quarters (age_band, gender, feature_name, bucket, clicks)
          SELECT age_band, gender, feature_name, bucket, clicks FROM cubed
        )
        INSERT INTO feature_click_days (age_band, gender, day, feature_name, clicks)
        SELECT age_band, gender, ${daySql(day.offset)}, feature_name, sum(clicks) FROM cubed GROUP BY 1, 2, 4`,
    },
    {
      label: 'spans and presence bitmaps',
      sql: `WITH spans AS (
          INSERT INTO feature_user_spans (day, feature_name, age_band, gender, user_ordinal, first_quarter, last_quarter)
          SELECT ${daySql(day.offset)}, e.feature_name, e.age_band, e.gender, u.ordinal, min(q.quarter), max(q.quarter)
          FROM feature_events e JOIN users u ON u.id = e.user_id
          CROSS JOIN LATERAL (SELECT ${quarter} AS quarter) AS q
          WHERE ${inDay('e.occurred_at')}
          GROUP BY 2, 3, 4, 5
          RETURNING feature_name, age_band, gender, user_ordinal
        ), base AS (
          SELECT age_band, gender, feature_name, user_ordinal >> 12 AS chunk,
                 bit_or(set_bit(B'0'::bit(4096), user_ordinal & 4095, 1)) AS users
          FROM spans GROUP BY 1, 2, 3, 4
        )
        INSERT INTO feature_user_days (age_band, gender, day, feature_name, chunk, users)
        SELECT coalesce(age_band, -1), coalesce(gender, -1), ${daySql(day.offset)}, feature_name, chunk, bit_or(users)
        FROM base GROUP BY ${cube('feature_name, chunk')}`,
    },
  ];
}

/** One day in its own transaction, on one connection. */
async function generateDay(
  prisma: PrismaClient,
  day: DayPlan,
  plan: GenerationPlan,
  calendar: UtcDays,
  stepMs: Record<string, number>,
): Promise<void> {
  // The partition feature_events_partition() created for the day.
  const [row] = await prisma.$queryRawUnsafe<{ partition: string }[]>(
    `SELECT 'feature_events_' || to_char(${calendar.day(day.offset)}, 'YYYYMMDD') AS partition`,
  );
  const partition = row?.partition as string;
  await prisma.$transaction(
    async (transaction) => {
      // The load's own commits need not wait for the disk; a crash mid-generation fails the run anyway.
      await transaction.$executeRawUnsafe(`SET LOCAL synchronous_commit = off`);
      await transaction.$executeRawUnsafe(`SET LOCAL work_mem = '256MB'`);
      for (const statement of dayStatements(day, plan, calendar, partition)) {
        const started = performance.now();
        await transaction.$executeRawUnsafe(statement.sql);
        stepMs[statement.label] = (stepMs[statement.label] ?? 0) + performance.now() - started;
      }
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
}

/**
 * Empties the feature tables (what the write scenarios left), then builds `plan.events` events
 * over the last `plan.days` UTC days (today so far included) with every rollup, `parallelDays`
 * days at a time; then VACUUM ANALYZE, the steady state a real database is kept in (this server
 * may run without autovacuum).
 */
export async function generateFeatureEvents(
  createClient: (maxConnections: number) => PrismaClient,
  plan: GenerationPlan,
  log: (line: string) => void,
): Promise<GenerationReport> {
  const prisma = createClient(plan.parallelDays + 1);
  try {
    const started = performance.now();
    const now = new Date();
    const calendar = utcDays(isoDate(now));
    await prisma.$executeRawUnsafe(
      'TRUNCATE feature_events, feature_click_quarters, feature_click_days, feature_user_spans, feature_user_days',
    );
    // Every partition first, one after the other: creating them is DDL on the parent.
    await prisma.$executeRawUnsafe(
      `SELECT feature_events_partition(${calendar.day(0)} - offset_days) FROM generate_series(0, ${plan.days - 1}) AS offset_days`,
    );
    const days = planDays(plan, now);
    const stepMs: Record<string, number> = {};
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < days.length) {
        const day = days[next++] as DayPlan;
        await generateDay(prisma, day, plan, calendar, stepMs);
        done += 1;
        if (done % 10 === 0 || done === days.length)
          log(`  ${done}/${days.length} days (${((performance.now() - started) / 1000).toFixed(0)} s)`);
      }
    };
    await Promise.all(Array.from({ length: plan.parallelDays }, worker));
    const generateMs = performance.now() - started;

    const vacuumStarted = performance.now();
    for (const table of ['feature_click_quarters', 'feature_click_days', 'feature_user_spans', 'feature_user_days']) {
      await prisma.$executeRawUnsafe(`VACUUM ANALYZE ${table}`);
    }
    await prisma.$executeRawUnsafe('ANALYZE users');
    // The parent's own statistics (each partition was analyzed as it was filled).
    await prisma.$executeRawUnsafe('ANALYZE feature_events');
    const vacuumMs = performance.now() - vacuumStarted;

    const [counts] = await prisma.$queryRawUnsafe<Record<string, bigint | string>[]>(
      `SELECT (SELECT count(*) FROM feature_events) AS events, (SELECT count(*) FROM feature_user_spans) AS spans,
              (SELECT count(*) FROM feature_click_quarters) AS quarters, (SELECT count(*) FROM feature_click_days) AS "dayRows",
              (SELECT count(*) FROM feature_user_days) AS "bitmapRows",
              ${calendar.day(plan.days - 1)}::text AS "firstDay", ${calendar.day(0)}::text AS "lastDay"`,
    );
    return {
      events: Number(counts?.events),
      spans: Number(counts?.spans),
      quarters: Number(counts?.quarters),
      dayRows: Number(counts?.dayRows),
      bitmapRows: Number(counts?.bitmapRows),
      firstDay: String(counts?.firstDay),
      lastDay: String(counts?.lastDay),
      generateMs,
      vacuumMs,
      stepMs,
    };
  } finally {
    await prisma.$disconnect();
  }
}

class RollBack extends Error {}

/**
 * Proof that the generator builds what record_feature_events builds: for one day and a few
 * features, the generated rollup rows are set aside, deleted, and rebuilt by the function itself
 * from the same raw events; both sets must be equal, row for row, in all four tables. Everything
 * is rolled back. Returns the rows compared and the differences found (0 when they agree).
 */
export async function checkGeneratorMatchesFunction(
  prisma: PrismaClient,
  options: { day: string; features: string[] },
): Promise<{ events: number; rowsCompared: number; differences: number }> {
  const featureList = options.features.map((name) => `'${featureNameSchema.parse(name)}'`).join(', ');
  const calendar = utcDays(options.day);
  const day = calendar.day(0);
  const tables = [
    { name: 'feature_click_quarters', where: `bucket >= ${calendar.start(0)} AND bucket < ${calendar.end(0)}` },
    { name: 'feature_click_days', where: `day = ${day}` },
    { name: 'feature_user_spans', where: `day = ${day}` },
    { name: 'feature_user_days', where: `day = ${day}` },
  ].map((table) => ({ ...table, where: `${table.where} AND feature_name IN (${featureList})` }));
  let outcome = { events: 0, rowsCompared: 0, differences: 0 };
  try {
    await prisma.$transaction(
      async (transaction) => {
        for (const table of tables) {
          await transaction.$executeRawUnsafe(
            `CREATE TEMP TABLE generated_${table.name} ON COMMIT DROP AS SELECT * FROM ${table.name} WHERE ${table.where}`,
          );
          await transaction.$executeRawUnsafe(`DELETE FROM ${table.name} WHERE ${table.where}`);
        }
        const [recorded] = await transaction.$queryRawUnsafe<{ events: number }[]>(
          `SELECT record_feature_events(array_agg(e.id), array_agg(e.occurred_at), array_agg(e.user_id),
                                        array_agg(u.ordinal), array_agg(e.feature_name::text), array_agg(e.age_band),
                                        array_agg(e.gender), array_agg(e.properties),
                                        -- Every span written: nothing is known to the function beforehand.
                                        array_agg(true)) AS events
           FROM feature_events e JOIN users u ON u.id = e.user_id
           WHERE e.occurred_at >= ${calendar.start(0)} AND e.occurred_at < ${calendar.end(0)}
             AND e.feature_name IN (${featureList})`,
        );
        let rowsCompared = 0;
        let differences = 0;
        for (const table of tables) {
          const [row] = await transaction.$queryRawUnsafe<{ rows: bigint; differences: bigint }[]>(
            `SELECT (SELECT count(*) FROM generated_${table.name}) AS rows,
                    (SELECT count(*) FROM (SELECT * FROM generated_${table.name} EXCEPT ALL
                                           SELECT * FROM ${table.name} WHERE ${table.where}) AS missing)
                  + (SELECT count(*) FROM (SELECT * FROM ${table.name} WHERE ${table.where} EXCEPT ALL
                                           SELECT * FROM generated_${table.name}) AS extra) AS differences`,
          );
          rowsCompared += Number(row?.rows);
          differences += Number(row?.differences);
        }
        outcome = { events: Number(recorded?.events ?? 0), rowsCompared, differences };
        throw new RollBack();
      },
      { timeout: 5 * 60_000, maxWait: 60_000 },
    );
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  return outcome;
}
