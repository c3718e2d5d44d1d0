// `pnpm bench:visitors:history [--events N]`: visitor history reads (seed 002, issue 14) through real
// HTTP, on N stored events (default 10,000,000) over the last 30 days.
//
// PostgreSQL: DATABASE_URL's server (a scratch database is created on it and dropped at the end; the
// database it names is never written to), or an embedded one under .data/bench-visitor-history-pg.
// The events go through the write path's own SQL function, record_visitor_events, in batches of
// whole sessions generated with set-based SQL (so the sessions table and every rollup are built
// exactly as the API builds them), then VACUUM ANALYZE (the steady state autovacuum keeps). The
// real API then runs in this process on a free port; an admin signs in through POST /api/auth/login.
// Each query shape gets 3 warm-up requests, then sequential requests until 30 are measured or 20 s
// have passed (at least 5); a read slower than 3 s gets one warm-up and 2 measured requests. The table shows p50/p95 and the ratio of p50 to the trivial route's
// (GET /health/live, no database) in the same run.
//
// Data shape (derived from the session number through hashint4, so every run is the same):
// sessions of 1–10 pageviews, 10 to 120 s apart, starting in order of n over the 30 days; a visitor per session drawn from N/10 visitors;
// 50 pages, 30 countries and 20 referrers skewed like Zipf (about 1/rank); 3 devices, 6 browsers,
// 5 OSes; 40 % of sessions without a referrer.
//
// Flags: `--events N` (default 10,000,000), `--only <regex>` (reads whose name matches).
// Settings: BENCH_KEEP_DATABASE=1 keeps the scratch database (its URL is printed);
// BENCH_REUSE_DATABASE=<name> measures a kept one again (after any new migration) without loading.
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { hashPassword, startApiServer } from '@showfloor/api';
import { loadApiConfig } from '@showfloor/config';
import { applyMigrations, createPgPool, createPrismaClient, type PgPool } from '@showfloor/db';
import { createLogger } from '@showfloor/server-kit';
import { findFreePort } from '@showfloor/testing';
import { markdownTable } from '../realtime/results-table.ts';
import { createScratchDatabase, type ScratchDatabase } from '../shared/scratch-database.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const write = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function eventsWanted(argv: string[]): number {
  const index = argv.indexOf('--events');
  const text = index >= 0 ? argv[index + 1] : argv.find((arg) => arg.startsWith('--events='))?.slice(9);
  if (text === undefined) return 10_000_000;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 1_000) throw new Error(`--events must be a whole number ≥ 1000, not ${text}`);
  return value;
}

/** `--only <regex>`: measure only the reads whose name matches (e.g. `--only "^timeseries [0-9]"`). */
function onlyShapes(argv: string[]): RegExp | undefined {
  const index = argv.indexOf('--only');
  return index >= 0 && argv[index + 1] !== undefined ? new RegExp(argv[index + 1] as string) : undefined;
}

const days = 30;
const site = 'bench.example';
const goalMs = 100;
const warmUp = 3;
const samplesWanted = 30;
const samplesMin = 5;
const shapeBudgetMs = 8_000;
const slowReadMs = 3_000;
const meanPagesPerSession = 5.5;
/** Sessions per call of record_visitor_events: about 55,000 events, one transaction each. */
const sessionsPerBatch = 10_000;

const hash = (expression: string) => `abs(hashint4(${expression})::int8)`;
/** A rank in 1..n skewed like Zipf (log-uniform: rank r has a share of about 1/r). */
const zipf = (expression: string, n: number) =>
  `least(${n}, floor(exp(${expression} / 2147483648.0 * ln(${n + 1}))))::int`;

/**
 * Sessions [first, last] as one record_visitor_events call. Every pageview of a session is in the
 * same call, as when the collector forwards a finished visit; late and redelivered events are the
 * tests' job (apps/api/test/visitor-history*.test.ts), not the load's.
 */
function batchSql(first: number, last: number, sessions: number, visitors: number, endEpoch: number): string {
  const spanSeconds = days * 86_400 - 3_600;
  return `
    WITH s AS (
      SELECT n,
        -- Start times rise with n (plus up to 10 minutes of jitter), so each call holds a few hours
        -- of visits, as the collector forwards them: batches of recent events, not of any day.
        to_timestamp(${endEpoch} - ${days * 86_400} + floor(n::float8 / ${sessions} * ${spanSeconds})::int8
                     + ${hash('n * 31 + 7')} % 600) AS started,
        (1 + ${hash('n * 17 + 3')} % 10)::int AS pages,
        'v' || (${hash('n * 13 + 5')} % ${visitors}) AS visitor,
        ${zipf(hash('n * 19 + 11'), 30)} AS country,
        CASE WHEN ${hash('n * 23 + 1')} % 100 < 60 THEN 'desktop' WHEN ${hash('n * 23 + 1')} % 100 < 95 THEN 'mobile' ELSE 'tablet' END AS device,
        (ARRAY['Chrome','Chrome','Chrome','Safari','Safari','Firefox','Edge','Samsung Internet','Opera'])[1 + ${hash('n * 29 + 2')} % 9] AS browser,
        (ARRAY['Windows','Windows','macOS','Android','Android','iOS','Linux'])[1 + ${hash('n * 37 + 4')} % 7] AS os,
        CASE WHEN ${hash('n * 41 + 6')} % 100 < 40 THEN NULL ELSE 'ref' || ${zipf(hash('n * 43 + 8'), 20)} || '.example' END AS referrer
      FROM generate_series(${first}, ${last}) AS n
    ), e AS (
      SELECT md5(s.n || ':' || k)::uuid AS id,
        s.started + make_interval(secs => (k - 1) * (10 + ${hash('s.n * 47 + k')} % 111)) AS at,
        s.n, s.visitor, '/p' || ${zipf(hash('s.n * 53 + k * 7'), 50)} AS page,
        s.referrer, 'C' || s.country AS country, s.device, s.browser, s.os
      FROM s, generate_series(1, s.pages) AS k
    )
    SELECT cardinality(record_visitor_events(
      array_agg(id), array_agg(at), array_agg('${site}'::text), array_agg('pageview'::text), array_agg(visitor),
      array_agg('s' || n), array_agg(page), array_agg(referrer), array_agg(country), array_agg(device),
      array_agg(browser), array_agg(os), array_agg(NULL::int), array_agg(NULL::jsonb))) AS stored
    FROM e`;
}

async function load(pool: PgPool, events: number, endEpoch: number): Promise<void> {
  const sessions = Math.max(1, Math.round(events / meanPagesPerSession));
  const visitors = Math.max(1, Math.round(events / 10));
  const started = performance.now();
  let stored = 0;
  for (let first = 1; first <= sessions; first += sessionsPerBatch) {
    const last = Math.min(sessions, first + sessionsPerBatch - 1);
    const { rows } = await pool.query<{ stored: number }>(batchSql(first, last, sessions, visitors, endEpoch));
    stored += rows[0]?.stored ?? 0;
    if (last === sessions || Math.floor(first / sessionsPerBatch) % 20 === 0) {
      const rate = Math.round(stored / ((performance.now() - started) / 1000));
      write(
        `  ${stored.toLocaleString('en')} events (${last.toLocaleString('en')} sessions) in ${seconds(started)}, ${rate.toLocaleString('en')} events/s`,
      );
    }
  }
}

async function signInAdmin(databaseUrl: string, apiUrl: string): Promise<string> {
  const password = randomBytes(18).toString('base64url');
  const email = `bench-admin-${randomBytes(4).toString('hex')}@example.test`;
  const prisma = createPrismaClient({ databaseUrl, maxConnections: 1 });
  try {
    await prisma.user.create({
      data: { email, name: 'Bench Admin', passwordHash: await hashPassword(password), role: 'admin' },
    });
  } finally {
    await prisma.$disconnect();
  }
  const response = await fetch(`${apiUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { data?: { accessToken?: string } };
  if (response.status !== 200 || !body.data?.accessToken) {
    throw new Error(`admin login answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.data.accessToken;
}

interface Shape {
  name: string;
  path: string;
}

/** Midnight of the wall-clock day `daysBack` days before the one holding `instant`, in `timeZone`. */
function midnightBefore(instant: Date, daysBack: number, timeZone: string): string {
  const wall = new Date(instant.toLocaleString('en-US', { timeZone }));
  const offsetMs = wall.getTime() - new Date(instant.toLocaleString('en-US', { timeZone: 'UTC' })).getTime();
  const localMidnight = Date.UTC(wall.getFullYear(), wall.getMonth(), wall.getDate() - daysBack);
  return new Date(localMidnight - offsetMs).toISOString();
}

function shapes(end: Date): Shape[] {
  const to = end.toISOString();
  const back = (hours: number) => new Date(end.getTime() - hours * 3_600_000).toISOString();
  const query = (parameters: Record<string, string | string[]>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(parameters)) {
      for (const item of Array.isArray(value) ? value : [value]) search.append(key, item);
    }
    return search.toString();
  };
  const series = (name: string, parameters: Record<string, string | string[]>): Shape => ({
    name: `timeseries ${name}`,
    path: `/api/visitors/timeseries?${query({ site, to, ...parameters })}`,
  });
  const breakdown = (dimension: string, name: string, parameters: Record<string, string | string[]>): Shape => ({
    name: `breakdown/${dimension} ${name}`,
    path: `/api/visitors/breakdown/${dimension}?${query({ site, to, ...parameters })}`,
  });
  const month = { from: back(days * 24) };
  const week = { from: back(7 * 24) };
  const dimensions = ['page', 'entry_page', 'exit_page', 'referrer', 'country', 'device', 'browser', 'os'];
  return [
    series('1 d minute UTC', { from: back(24), interval: 'minute' }),
    series('1 d minute Asia/Kolkata', { from: back(24), interval: 'minute', tz: 'Asia/Kolkata' }),
    series('7 d hour UTC', { ...week, interval: 'hour' }),
    series('7 d hour Asia/Kathmandu', { ...week, interval: 'hour', tz: 'Asia/Kathmandu' }),
    series('30 d day UTC', { from: midnightBefore(end, days - 1, 'UTC'), interval: 'day' }),
    series('30 d day America/New_York', {
      from: midnightBefore(end, days - 1, 'America/New_York'),
      interval: 'day',
      tz: 'America/New_York',
    }),
    series('7 d hour compare=previous', { ...week, interval: 'hour', compare: 'previous' }),
    series('14 d day compare=previous', { from: back(14 * 24), interval: 'day', compare: 'previous' }),
    series('7 d hour country:is:C1', { ...week, interval: 'hour', filter: 'country:is:C1' }),
    series('30 d day page:is:/p2', { ...month, interval: 'day', filter: 'page:is:/p2' }),
    series('7 d hour Asia/Kathmandu device:is_not:mobile', {
      ...week,
      interval: 'hour',
      tz: 'Asia/Kathmandu',
      filter: 'device:is_not:mobile',
    }),
    series('30 d day America/New_York referrer:contains:ref1', {
      from: midnightBefore(end, days - 1, 'America/New_York'),
      interval: 'day',
      tz: 'America/New_York',
      filter: 'referrer:contains:ref1',
    }),
    ...dimensions.map((dimension) => breakdown(dimension, '30 d', month)),
    breakdown('page', '7 d compare=previous', { ...week, compare: 'previous' }),
    breakdown('country', '30 d country:is_not:C1', { ...month, filter: 'country:is_not:C1' }),
    breakdown('page', '30 d country:is:C2', { ...month, filter: 'country:is:C2' }),
    breakdown('country', '30 d page:is:/p1', { ...month, filter: 'page:is:/p1' }),
    breakdown('device', '30 d browser:is_not:Chrome', { ...month, filter: 'browser:is_not:Chrome' }),
    breakdown('referrer', '30 d page:contains:p1', { ...month, filter: 'page:contains:p1' }),
    breakdown('exit_page', '7 d entry_page:is:/p1', { ...week, filter: 'entry_page:is:/p1' }),
    breakdown('os', '30 d device:is:mobile + country:is_not:C1', {
      ...month,
      filter: ['device:is:mobile', 'country:is_not:C1'],
    }),
  ];
}

interface Measured {
  name: string;
  samples: number[];
  bytes: number;
  failure?: string;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

async function measure(baseUrl: string, token: string, shape: Shape): Promise<Measured> {
  const headers = { authorization: `Bearer ${token}` };
  const result: Measured = { name: shape.name, samples: [], bytes: 0 };
  const began = performance.now();
  for (let index = 0; ; index++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${shape.path}`, { headers });
    const body = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 200) return { ...result, failure: `${response.status}: ${body.slice(0, 300)}` };
    if (index >= warmUp) {
      result.samples.push(elapsed);
      result.bytes += body.length;
    }
    const spent = performance.now() - began;
    // A read of many seconds (the raw path on 10 M events) gets two measured requests, no more.
    if (elapsed > slowReadMs && result.samples.length >= 2) break;
    if (elapsed > slowReadMs && index < warmUp) index = warmUp - 1;
    if (result.samples.length >= samplesWanted) break;
    if (result.samples.length >= samplesMin && spent > shapeBudgetMs) break;
  }
  return result;
}

function printTable(results: Measured[], baseline: Measured): void {
  const baseP50 = percentile(
    [...baseline.samples].sort((a, b) => a - b),
    0.5,
  );
  const rows = [baseline, ...results].map((result) => {
    if (result.failure) return [result.name, '-', '-', '-', '-', '-', `FAILED ${result.failure}`];
    const sorted = [...result.samples].sort((a, b) => a - b);
    const p95 = percentile(sorted, 0.95);
    return [
      result.name,
      String(sorted.length),
      percentile(sorted, 0.5).toFixed(1),
      p95.toFixed(1),
      `${(percentile(sorted, 0.5) / baseP50).toFixed(0)}×`,
      (result.bytes / sorted.length / 1024).toFixed(1),
      result === baseline ? 'baseline' : p95 < goalMs ? 'PASS' : 'MISS',
    ];
  });
  write(markdownTable(['read', 'n', 'p50 ms', 'p95 ms', 'p50 / trivial', 'avg KB', `p95 < ${goalMs} ms`], rows));
}

/** Waits for the API's visitor index to finish its start-up load, and prints what it holds and cost. */
async function waitForVisitorIndex(apiUrl: string, rssBefore: number): Promise<void> {
  const started = performance.now();
  for (;;) {
    const { visitorIndex } = (await (await fetch(`${apiUrl}/health`)).json()) as {
      visitorIndex: Record<string, unknown>;
    };
    if (visitorIndex.state === 'off') {
      write('visitor index off: the raw reads scan PostgreSQL');
      return;
    }
    if (visitorIndex.state === 'ready') {
      const rssMb = (process.memoryUsage().rss - rssBefore) / 1_048_576;
      write(
        `visitor index ready after ${seconds(started)} (its load: ${visitorIndex.loadMs} ms): ` +
          `${Number(visitorIndex.pageviews).toLocaleString('en')} pageviews, ${Number(visitorIndex.sessions).toLocaleString('en')} sessions, ` +
          `${visitorIndex.days} days from ${visitorIndex.coveredFrom}; columns ${(Number(visitorIndex.bytes) / 1_048_576).toFixed(0)} MB, ` +
          `process RSS +${rssMb.toFixed(0)} MB`,
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const events = eventsWanted(process.argv.slice(2));
  const reused = process.env.BENCH_REUSE_DATABASE;
  const keep = process.env.BENCH_KEEP_DATABASE === '1' || reused !== undefined;
  let scratch: ScratchDatabase | undefined;
  let databaseUrl: string;
  if (reused) {
    const url = new URL(process.env.DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres');
    url.pathname = `/${reused}`;
    databaseUrl = url.toString();
    await applyMigrations(databaseUrl);
  } else {
    scratch = await createScratchDatabase({
      repoRoot,
      prefix: 'showfloor_visitor_history_bench_',
      dataDirName: 'bench-visitor-history-pg',
      log: write,
    });
    databaseUrl = scratch.url;
  }
  const pool = createPgPool({ databaseUrl, maxConnections: 1, applicationName: 'visitor-history-bench' });
  let api: Awaited<ReturnType<typeof startApiServer>> | undefined;
  try {
    const [version] = (await pool.query<{ server_version: string }>('SHOW server_version')).rows;
    write(
      `PostgreSQL ${version?.server_version}, Node ${process.version}, ${cpus().length} cores, load average ` +
        `${loadavg()
          .map((value) => value.toFixed(2))
          .join(' ')} at start`,
    );
    // The data ends at the start of this minute, so every range below ends where the data does.
    const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    if (!reused) {
      write(`loading ${events.toLocaleString('en')} events over ${days} days through record_visitor_events:`);
      const loading = performance.now();
      await load(pool, events, Math.floor(end.getTime() / 1000));
      write(`loaded in ${seconds(loading)}; VACUUM ANALYZE …`);
      const vacuuming = performance.now();
      await pool.query('VACUUM ANALYZE');
      write(`VACUUM ANALYZE in ${seconds(vacuuming)}`);
    }
    const { rows: counts } = await pool.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM visitor_events) AS events, (SELECT count(*) FROM visitor_sessions) AS sessions,
              (SELECT count(DISTINCT visitor_id) FROM visitor_sessions) AS visitors,
              pg_size_pretty(pg_database_size(current_database())) AS size`,
    );
    write(`stored: ${JSON.stringify(counts[0])}`);

    const port = await findFreePort();
    const config = loadApiConfig({
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: randomBytes(24).toString('hex'),
      INTERNAL_API_KEY: randomBytes(24).toString('hex'),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '1000000',
      // The retention job must not drop the loaded days while we read them.
      VISITOR_EVENTS_RETENTION_DAYS: '400',
      // Raw reads on 10 M events take longer than the default 30 s.
      REQUEST_TIMEOUT_MS: '180000',
      // The same for the history reads' own deadline (5 s by default): the benchmark measures the raw path.
      VISITOR_HISTORY_READ_TIMEOUT_MS: '180000',
      // The in-memory index (VISITOR_INDEX_MAX_PAGEVIEWS=0 measures the raw SQL path instead).
      VISITOR_INDEX_MAX_PAGEVIEWS: process.env.VISITOR_INDEX_MAX_PAGEVIEWS ?? '12000000',
      VISITOR_INDEX_SYNC_MS: process.env.VISITOR_INDEX_SYNC_MS ?? '1000',
    });
    const rssBefore = process.memoryUsage().rss;
    api = await startApiServer({ config, logger: createLogger({ name: 'visitor-history-bench', level: 'warn' }) });
    await waitForVisitorIndex(api.url, rssBefore);
    const token = await signInAdmin(databaseUrl, api.url);
    write(
      `API in this process on ${api.url}; ${warmUp} warm-up, then up to ${samplesWanted} sequential requests a read`,
    );
    const baseline = await measure(api.url, token, { name: 'GET /health/live (trivial route)', path: '/health/live' });
    const results: Measured[] = [];
    const only = onlyShapes(process.argv.slice(2));
    for (const shape of shapes(end).filter((candidate) => only === undefined || only.test(candidate.name))) {
      const result = await measure(api.url, token, shape);
      results.push(result);
      const sorted = [...result.samples].sort((a, b) => a - b);
      write(
        `  ${shape.name}: ${result.failure ?? `p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p95 ${percentile(sorted, 0.95).toFixed(1)} ms`}`,
      );
    }
    write();
    write(
      `${Number(counts[0]?.events).toLocaleString('en')} events; load average ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')} at the end`,
    );
    printTable(results, baseline);
    if (results.some((result) => result.failure)) process.exitCode = 1;
  } finally {
    await api?.close();
    await pool.end();
    if (keep) write(`kept database ${databaseUrl}`);
    else await scratch?.drop();
  }
  write(`done in ${seconds(started)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
