// `pnpm bench:ingest`: feature-event ingestion (POST /api/track, POST /api/track/batch) and the
// dashboard read over it (GET /api/analytics), through real HTTP, on the real stack.
//
// PostgreSQL: DATABASE_URL's server (a scratch database is created on it and dropped at the end;
// the database it names is never written to), or an embedded one under .data/bench-ingest-pg. The
// API runs as deployed, in a process of its own, started fresh for each write mode; the load comes
// from another process (ingest-load-generator.ts: autocannon on keep-alive connections, with real
// access tokens of users across every age band and gender). Scenarios:
//   1. ceiling: GET /health/live (no database), 100 connections;
//   2. POST /api/track, one event a request, 100 connections, group commit (TRACK_WRITE_MODE=batched);
//   3. the same against an API started with TRACK_WRITE_MODE=per-row (each request INSERTs its row);
//   4. POST /api/track/batch, 100 events a request, at the connection count that a short sweep finds
//      fastest (or INGEST_BENCH_BATCH_CONNECTIONS);
//   5. reads: 10 M events over the last 60 days generated with set-based SQL (with the rollups, exactly
//      as record_feature_events builds them — proven on a sample), then GET /api/analytics for 20
//      filter combinations, each 20 times, and one combination checked against a brute-force count.
// After each write scenario the rows stored must equal the events acknowledged with 202 (and, in
// batched mode, the clicks in every level of the rollups): otherwise the run is broken. A broken run
// (errors, 503s, a failed check) exits 1; a missed goal is printed as MISSED and exits 0.
//
// Settings (environment): INGEST_BENCH_SECONDS (measured seconds per scenario, default 12),
// INGEST_BENCH_BATCH_CONNECTIONS (skip the sweep), INGEST_BENCH_READ_EVENTS (default 10,000,000),
// INGEST_BENCH_ONLY=writes|reads, INGEST_BENCH_CPU_PROF=<dir> (the API runs with --cpu-prof there),
// INGEST_BENCH_KEEP_DATABASE=1 (with DATABASE_URL: the scratch database is kept for EXPLAIN ANALYZE),
// INGEST_BENCH_REUSE_DATABASE=<name> (reads only, on a kept database, after any new migration).
// TRACK_* and DATABASE_POOL_MAX are passed on to the API as they are set.
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { cellOf } from '@showfloor/api';
import { loadApiConfig } from '@showfloor/config';
import {
  type AgeFilter,
  type FeatureAnalytics,
  type FeatureAnalyticsQuery,
  featureAnalyticsQuerySchema,
  type GenderFilter,
  restRoutes,
  trackBatchBodySchema,
  trackEventBodySchema,
} from '@showfloor/contracts';
import { applyMigrations, createPrismaClient, type PrismaClient } from '@showfloor/db';
import { createTestAccessTokens } from '@showfloor/testing';
import { CommandChannel } from '../realtime/bench-protocol.ts';
import { markdownTable } from '../realtime/results-table.ts';
import { createScratchDatabase } from '../shared/scratch-database.ts';
import {
  benchFeatures,
  benchUserId,
  checkGeneratorMatchesFunction,
  countCodeMismatches,
  createBenchUsers,
  type GenerationReport,
  generateFeatureEvents,
} from './feature-events-generator.ts';
import {
  type ApiProcess,
  type CpuSplit,
  forkBenchChild,
  killAllChildren,
  measureCpu,
  measureMachineLoad,
  repoRoot,
  startApiProcess,
} from './ingest-processes.ts';
import type { IngestLoadGeneratorCommands, LoadRequest, LoadResult, LoadRun } from './ingest-protocol.ts';

const numberFromEnv = (name: string, fallback: number) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${name} must be a positive number`);
  return parsed;
};

const plan = {
  seconds: numberFromEnv('INGEST_BENCH_SECONDS', 12),
  warmUpSeconds: 3,
  connections: 100,
  eventsPerBatch: 100,
  batchConnections: process.env.INGEST_BENCH_BATCH_CONNECTIONS
    ? [numberFromEnv('INGEST_BENCH_BATCH_CONNECTIONS', 32)]
    : [8, 16, 32, 64, 100, 200],
  sweepSeconds: 4,
  /** Users who send the write load (the first of the population, so every band and gender is among them). */
  writers: 1_000,
  population: 20_000,
  readEvents: numberFromEnv('INGEST_BENCH_READ_EVENTS', 10_000_000),
  readDays: 60,
  readRepetitions: 20,
  requestTimeoutSeconds: 30,
  only: process.env.INGEST_BENCH_ONLY as 'writes' | 'reads' | undefined,
  /** A database on DATABASE_URL's server to keep at the end, or one kept by an earlier run to read again (reads only). */
  keepDatabase:
    (process.env.INGEST_BENCH_KEEP_DATABASE === '1' && Boolean(process.env.DATABASE_URL)) ||
    Boolean(process.env.INGEST_BENCH_REUSE_DATABASE),
  reuseDatabase: process.env.INGEST_BENCH_REUSE_DATABASE,
};
const goals = { batchEventsPerSecond: 16_700, batchOverPerRow: 10, readP95Ms: 50 };
const scratchDatabasePrefix = 'showfloor_ingest_bench_';
const { track, trackBatch, dashboard } = restRoutes.featureAnalytics;

const write = (line = '') => process.stdout.write(`${line}\n`);
const step = (line: string) => write(`· ${line}`);
const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));
const integer = (value: number) => Math.round(value).toLocaleString('en');
const ms = (value: number) => (Number.isNaN(value) ? '–' : value < 10 ? value.toFixed(2) : value.toFixed(1));
const loadText = () =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

/** Deterministic draws, so every run sends the same mix (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
/** The generator's popularity curve: the first feature most used, the last one rarely. */
const pickFeature = (draw: () => number) => benchFeatures[Math.floor(benchFeatures.length * draw() ** 2.2)] as string;

// ——— what the load generator sends ———

function singleEventRequests(tokens: string[]): LoadRequest[] {
  const draw = random(13);
  return Array.from({ length: 4_000 }, (_, index) => {
    const body = trackEventBodySchema.parse({ feature_name: pickFeature(draw) });
    return {
      method: 'POST',
      path: track.path,
      headers: { authorization: `Bearer ${tokens[index % tokens.length]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    };
  });
}

function batchRequests(tokens: string[]): LoadRequest[] {
  const draw = random(17);
  return Array.from({ length: 400 }, (_, index) => {
    const body = trackBatchBodySchema.parse({
      events: Array.from({ length: plan.eventsPerBatch }, () => ({ feature_name: pickFeature(draw) })),
    });
    return {
      method: 'POST',
      path: trackBatch.path,
      headers: { authorization: `Bearer ${tokens[index % tokens.length]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    };
  });
}

// ——— honesty: what was stored against what was acknowledged ———

interface Stored {
  rows: number;
  /** Clicks in both levels the click rollups keep: the everyone cell (-1, -1) and the base cells. */
  quarterClicks: number;
  quarterClicksByCell: number;
  dayClicksAll: number;
  dayClicksByCell: number;
}

async function countStored(prisma: PrismaClient): Promise<Stored> {
  const [row] = await prisma.$queryRawUnsafe<Record<keyof Stored, bigint>[]>(
    `SELECT (SELECT count(*) FROM feature_events) AS rows,
            (SELECT coalesce(sum(clicks), 0) FROM feature_click_quarters WHERE age_band = -1 AND gender = -1)::int8 AS "quarterClicks",
            (SELECT coalesce(sum(clicks), 0) FROM feature_click_days WHERE age_band = -1 AND gender = -1)::int8 AS "dayClicksAll",
            (SELECT coalesce(sum(clicks), 0) FROM feature_click_quarters WHERE age_band >= 0 AND gender >= 0)::int8 AS "quarterClicksByCell",
            (SELECT coalesce(sum(clicks), 0) FROM feature_click_days WHERE age_band >= 0 AND gender >= 0)::int8 AS "dayClicksByCell"`,
  );
  const stored = {} as Stored;
  for (const [key, value] of Object.entries(row ?? {})) stored[key as keyof Stored] = Number(value);
  return stored;
}

interface Honesty {
  acknowledged: number;
  rows: number;
  /** Batched mode: the rollups' sums, each of which must equal `acknowledged`. */
  rollups: number[] | null;
  ok: boolean;
}

function honesty(acknowledged: number, before: Stored, after: Stored, withRollups: boolean): Honesty {
  const rows = after.rows - before.rows;
  const rollups = withRollups
    ? (['quarterClicks', 'quarterClicksByCell', 'dayClicksAll', 'dayClicksByCell'] as (keyof Stored)[]).map(
        (key) => after[key] - before[key],
      )
    : null;
  const ok = rows === acknowledged && (rollups ?? []).every((sum) => sum === acknowledged);
  return { acknowledged, rows, rollups, ok };
}

function honestyText(check: Honesty): string {
  const rollups = check.rollups
    ? `, rollup clicks ${[...new Set(check.rollups)].map(integer).join(' / ')} (both levels of the quarter and day rollups)`
    : '';
  return `acked ${integer(check.acknowledged)}, rows ${integer(check.rows)}${rollups}: ${check.ok ? 'equal' : 'NOT EQUAL'}`;
}

// ——— scenarios ———

interface Context {
  generator: CommandChannel<IngestLoadGeneratorCommands>;
  generatorPid: number;
  monitor: PrismaClient;
  counts: PrismaClient;
  databaseName: string;
  problems: string[];
}

interface Measured {
  label: string;
  result: LoadResult;
  cpu: CpuSplit;
  /** Events (or requests, for the ceiling) per second. */
  perSecond: number;
  check: Honesty | null;
  connections: number;
  /** Events/s at each connection count tried before the measured run. */
  sweep?: { connections: number; perSecond: number }[];
}

/** Non-2xx answers, connection errors, timeouts, requests never answered, bodies off the contract. */
function loadProblems(label: string, result: LoadResult, expectedStatus: number): string[] {
  const problems: string[] = [];
  const other = Object.entries(result.statusCounts).filter(([status]) => Number(status) !== expectedStatus);
  if (other.length > 0)
    problems.push(`${label}: answers other than ${expectedStatus}: ${other.map(([s, n]) => `${n}× ${s}`).join(', ')}`);
  if (result.errors > 0) problems.push(`${label}: ${result.errors} connection errors (${result.timeouts} timeouts)`);
  if (result.unanswered > 0) problems.push(`${label}: ${result.unanswered} requests never answered`);
  if (result.unexpectedBodies > 0)
    problems.push(
      `${label}: ${result.unexpectedBodies} 202 bodies off the contract, e.g. ${result.firstUnexpectedBody}`,
    );
  return problems;
}

async function runLoad(
  context: Context,
  api: ApiProcess,
  run: Omit<LoadRun, 'baseUrl' | 'timeoutSeconds'>,
  label: string,
  expectedStatus: number,
): Promise<{ result: LoadResult; cpu: CpuSplit }> {
  const from = monotonicMicroseconds();
  const measured = await measureCpu(
    {
      apiPid: api.pid,
      loadGeneratorPid: context.generatorPid,
      monitor: context.monitor,
      databaseName: context.databaseName,
    },
    () => context.generator.call('load', { ...run, baseUrl: api.url, timeoutSeconds: plan.requestTimeoutSeconds }),
  );
  // The window in the clock V8's .cpuprofile timestamps use, to cut the API's profile by scenario.
  if (process.env.INGEST_BENCH_CPU_PROF) step(`  profile window of ${label}: ${from}–${monotonicMicroseconds()} µs`);
  context.problems.push(...loadProblems(label, measured.result, expectedStatus));
  return measured;
}

/** CLOCK_MONOTONIC in microseconds: the clock of a .cpuprofile's startTime and samples. */
const monotonicMicroseconds = () => process.hrtime.bigint() / 1000n;

const perSecond = (count: number, result: LoadResult) => (count / result.elapsedMs) * 1000;

async function measureCeiling(context: Context, api: ApiProcess): Promise<Measured> {
  const label = 'GET /health/live';
  const requests: LoadRequest[] = [{ method: 'GET', path: '/health/live', headers: {} }];
  const base = { connections: plan.connections, requests, acknowledgement: 'none' as const };
  await runLoad(context, api, { ...base, durationSeconds: plan.warmUpSeconds }, `${label} warm-up`, 200);
  const { result, cpu } = await runLoad(context, api, { ...base, durationSeconds: plan.seconds }, label, 200);
  return {
    label,
    result,
    cpu,
    perSecond: perSecond(result.statusCounts['200'] ?? 0, result),
    check: null,
    connections: plan.connections,
  };
}

/** A write scenario: warm-up, the measured run, then the honesty check over both. */
async function measureWrites(
  context: Context,
  api: ApiProcess,
  options: { label: string; requests: LoadRequest[]; acknowledgement: 'single' | 'batch'; withRollups: boolean },
  connectionCandidates: number[],
): Promise<Measured> {
  const before = await countStored(context.counts);
  let acknowledged = 0;
  const base = { requests: options.requests, acknowledgement: options.acknowledgement };
  const warmUp = await runLoad(
    context,
    api,
    { ...base, connections: connectionCandidates[0] as number, durationSeconds: plan.warmUpSeconds },
    `${options.label} warm-up`,
    202,
  );
  acknowledged += warmUp.result.acknowledgedEvents;
  const sweep: { connections: number; perSecond: number }[] = [];
  if (connectionCandidates.length > 1) {
    for (const connections of connectionCandidates) {
      const { result } = await runLoad(
        context,
        api,
        { ...base, connections, durationSeconds: plan.sweepSeconds },
        `${options.label} sweep at ${connections} connections`,
        202,
      );
      acknowledged += result.acknowledgedEvents;
      sweep.push({ connections, perSecond: perSecond(result.acknowledgedEvents, result) });
      step(`  sweep: ${connections} connections → ${integer(perSecond(result.acknowledgedEvents, result))} events/s`);
    }
  }
  const connections = sweep.length
    ? sweep.reduce((best, candidate) => (candidate.perSecond > best.perSecond ? candidate : best)).connections
    : (connectionCandidates[0] as number);
  const { result, cpu } = await runLoad(
    context,
    api,
    { ...base, connections, durationSeconds: plan.seconds },
    options.label,
    202,
  );
  acknowledged += result.acknowledgedEvents;
  // Every 202 was sent after its commit; a moment for the statistics of what was refused to settle.
  await sleep(500);
  const check = honesty(acknowledged, before, await countStored(context.counts), options.withRollups);
  step(`  honesty: ${honestyText(check)}`);
  if (!check.ok) context.problems.push(`${options.label}: honesty check failed — ${honestyText(check)}`);
  return {
    label: options.label,
    result,
    cpu,
    perSecond: perSecond(result.acknowledgedEvents, result),
    check,
    connections,
    sweep,
  };
}

// ——— reads ———

interface ReadCombination {
  age: AgeFilter;
  gender: GenderFilter;
  tz: string;
  days: number;
  interval: 'day' | 'week';
  feature?: string;
  compare?: true;
}

const [topFeature, , , , , midFeature] = benchFeatures as [string, ...string[]];
const rareFeature = benchFeatures.at(-2) as string;
const readCombinations: ReadCombination[] = [
  { age: 'all', gender: 'all', tz: 'UTC', days: 30, interval: 'day' },
  { age: 'all', gender: 'all', tz: 'UTC', days: 7, interval: 'day' },
  { age: 'all', gender: 'all', tz: 'UTC', days: 60, interval: 'week' },
  { age: '18-40', gender: 'Female', tz: 'Asia/Tokyo', days: 30, interval: 'day' },
  { age: '<18', gender: 'all', tz: 'Asia/Kolkata', days: 30, interval: 'day' },
  { age: '>40', gender: 'Male', tz: 'America/New_York', days: 60, interval: 'week' },
  { age: 'all', gender: 'Other', tz: 'UTC', days: 7, interval: 'day', feature: midFeature as string },
  { age: '18-40', gender: 'all', tz: 'Asia/Tokyo', days: 60, interval: 'day', compare: true },
  { age: 'all', gender: 'Male', tz: 'America/New_York', days: 30, interval: 'day', compare: true },
  { age: '<18', gender: 'Female', tz: 'UTC', days: 60, interval: 'day' },
  { age: '>40', gender: 'all', tz: 'Asia/Kolkata', days: 7, interval: 'day', feature: rareFeature },
  { age: 'all', gender: 'Female', tz: 'Asia/Tokyo', days: 7, interval: 'week' },
  { age: '18-40', gender: 'Male', tz: 'UTC', days: 30, interval: 'week', feature: topFeature, compare: true },
  { age: 'all', gender: 'all', tz: 'Asia/Kolkata', days: 60, interval: 'day' },
  { age: 'all', gender: 'all', tz: 'America/New_York', days: 7, interval: 'day', compare: true },
  { age: '>40', gender: 'Other', tz: 'Asia/Tokyo', days: 30, interval: 'day' },
  { age: '<18', gender: 'Male', tz: 'America/New_York', days: 30, interval: 'week', feature: midFeature as string },
  { age: '18-40', gender: 'Female', tz: 'Asia/Kolkata', days: 30, interval: 'day', compare: true },
  { age: 'all', gender: 'Other', tz: 'UTC', days: 60, interval: 'day', feature: rareFeature },
  { age: '>40', gender: 'Female', tz: 'UTC', days: 7, interval: 'day', compare: true },
];
/** The combination checked against a brute-force count over feature_events (a zone off UTC by half an hour, both periods). */
const bruteForceCombination = 17;

function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function readQuery(combination: ReadCombination): FeatureAnalyticsQuery & { start_date: string; end_date: string } {
  const end = todayIn(combination.tz);
  const query = {
    start_date: addDays(end, -(combination.days - 1)),
    end_date: end,
    age: combination.age,
    gender: combination.gender,
    tz: combination.tz,
    interval: combination.interval,
    ...(combination.feature ? { feature: combination.feature } : {}),
    ...(combination.compare ? { compare: 'previous' as const } : {}),
  };
  featureAnalyticsQuerySchema.parse(query);
  return query;
}

const describe = (combination: ReadCombination) =>
  [
    `age ${combination.age}`,
    `gender ${combination.gender}`,
    combination.tz,
    `${combination.days} d by ${combination.interval}`,
    combination.feature ? `feature ${combination.feature}` : 'top feature',
    combination.compare ? 'compare' : '',
  ]
    .filter(Boolean)
    .join(', ');

/** The figures of one period counted from the raw rows, for the API's answer to be compared with. */
async function bruteForce(
  prisma: PrismaClient,
  range: { start: string; end: string; tz: string; age: AgeFilter; gender: GenderFilter; feature: string | null },
): Promise<{ bars: Map<string, { clicks: number; users: number }>; users: number; line: Map<string, number> }> {
  const where = `occurred_at >= ($1::date)::timestamp AT TIME ZONE $3 AND occurred_at < ($2::date + 1)::timestamp AT TIME ZONE $3
                 AND ($4 = -1 OR age_band = $4) AND ($5 = -1 OR gender = $5)`;
  const cell = cellOf(range);
  const params = [range.start, range.end, range.tz, cell.band, cell.gender];
  const bars = await prisma.$queryRawUnsafe<{ feature: string; clicks: bigint; users: bigint }[]>(
    `SELECT feature_name AS feature, count(*) AS clicks, count(DISTINCT user_id) AS users FROM feature_events WHERE ${where} GROUP BY 1`,
    ...params,
  );
  const [total] = await prisma.$queryRawUnsafe<{ users: bigint }[]>(
    `SELECT count(DISTINCT user_id) AS users FROM feature_events WHERE ${where}`,
    ...params,
  );
  const line = await prisma.$queryRawUnsafe<{ date: string; clicks: bigint }[]>(
    `SELECT ((occurred_at AT TIME ZONE $3)::date)::text AS date, count(*) AS clicks FROM feature_events
     WHERE ${where} AND feature_name = $6 GROUP BY 1`,
    ...params,
    range.feature ?? '',
  );
  return {
    bars: new Map(bars.map((bar) => [bar.feature, { clicks: Number(bar.clicks), users: Number(bar.users) }])),
    users: Number(total?.users ?? 0),
    line: new Map(line.map((point) => [point.date, Number(point.clicks)])),
  };
}

/** Differences between the API's figures of one period and the brute-force count (none when they agree). */
function compareFigures(
  label: string,
  answer: Pick<FeatureAnalytics, 'bar_chart' | 'line_chart' | 'summary'>,
  counted: Awaited<ReturnType<typeof bruteForce>>,
): string[] {
  const differences: string[] = [];
  const features = new Set([...counted.bars.keys(), ...answer.bar_chart.map((bar) => bar.feature_name)]);
  for (const feature of features) {
    const bar = answer.bar_chart.find((candidate) => candidate.feature_name === feature);
    const expected = counted.bars.get(feature) ?? { clicks: 0, users: 0 };
    if ((bar?.total_clicks ?? 0) !== expected.clicks || (bar?.unique_users ?? 0) !== expected.users)
      differences.push(
        `${label} ${feature}: API ${bar?.total_clicks ?? 0} clicks / ${bar?.unique_users ?? 0} users, ` +
          `counted ${expected.clicks} / ${expected.users}`,
      );
  }
  const clicks = [...counted.bars.values()].reduce((sum, bar) => sum + bar.clicks, 0);
  if (answer.summary.total_clicks !== clicks)
    differences.push(`${label} total clicks: API ${answer.summary.total_clicks}, counted ${clicks}`);
  if (answer.summary.unique_users !== counted.users)
    differences.push(`${label} unique users: API ${answer.summary.unique_users}, counted ${counted.users}`);
  for (const point of answer.line_chart) {
    const expected = counted.line.get(point.date) ?? 0;
    if (point.click_count !== expected)
      differences.push(`${label} line ${point.date}: API ${point.click_count}, counted ${expected}`);
  }
  const lineTotal = answer.line_chart.reduce((sum, point) => sum + point.click_count, 0);
  const countedLine = [...counted.line.values()].reduce((sum, value) => sum + value, 0);
  if (lineTotal !== countedLine) differences.push(`${label} line total: API ${lineTotal}, counted ${countedLine}`);
  return differences;
}

interface ReadsMeasured {
  perCombination: { label: string; p50: number; p95: number; max: number }[];
  overall: { p50: number; p95: number; max: number; samples: number };
  cpu: CpuSplit;
  bruteForce: { label: string; differences: string[] };
}

function nearestRank(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

async function measureReads(context: Context, api: ApiProcess, adminToken: string): Promise<ReadsMeasured> {
  const queries = readCombinations.map(readQuery);
  const paths = queries.map((query) => `${dashboard.path}?${new URLSearchParams(query as Record<string, string>)}`);
  const { result, cpu } = await measureCpu(
    {
      apiPid: api.pid,
      loadGeneratorPid: context.generatorPid,
      monitor: context.monitor,
      databaseName: context.databaseName,
    },
    () =>
      context.generator.call('reads', {
        baseUrl: api.url,
        token: adminToken,
        paths,
        repetitions: plan.readRepetitions,
      }),
  );
  context.problems.push(...result.failures.slice(0, 10).map((failure) => `reads: ${failure}`));
  const perCombination = readCombinations.map((combination, index) => {
    const samples = result.samplesMs[index] ?? [];
    return {
      label: describe(combination),
      p50: nearestRank(samples, 0.5),
      p95: nearestRank(samples, 0.95),
      max: nearestRank(samples, 1),
    };
  });
  const all = result.samplesMs.flat();

  const combination = readCombinations[bruteForceCombination] as ReadCombination;
  const query = queries[bruteForceCombination] as ReturnType<typeof readQuery>;
  const answer = result.lastAnswers[bruteForceCombination] as FeatureAnalytics | null;
  const differences: string[] = [];
  if (!answer) differences.push('no answer to check');
  else {
    const range = { tz: combination.tz, age: combination.age, gender: combination.gender };
    const feature = answer.summary.active_feature;
    differences.push(
      ...compareFigures(
        'current',
        answer,
        await bruteForce(context.counts, { ...range, start: query.start_date, end: query.end_date, feature }),
      ),
    );
    if (!answer.previous) differences.push('compare=previous answered without `previous`');
    else {
      differences.push(
        ...compareFigures(
          'previous',
          answer.previous,
          await bruteForce(context.counts, {
            ...range,
            start: addDays(query.start_date, -combination.days),
            end: addDays(query.start_date, -1),
            feature,
          }),
        ),
      );
    }
  }
  if (differences.length > 0)
    context.problems.push(
      `reads: the API's figures differ from a brute-force count: ${differences.slice(0, 5).join('; ')}`,
    );
  return {
    perCombination,
    overall: { p50: nearestRank(all, 0.5), p95: nearestRank(all, 0.95), max: nearestRank(all, 1), samples: all.length },
    cpu,
    bruteForce: { label: describe(combination), differences },
  };
}

// ——— the one table ———

const cpuText = (cpu: CpuSplit) =>
  [cpu.api, cpu.postgresBackends, cpu.postgresServer, cpu.loadGenerator, cpu.otherProcesses]
    .map((value) => integer(value))
    .join(' / ');
const ratio = (value: number, base: number | undefined) =>
  base === undefined || base === 0 ? '–' : `${(value / base).toFixed(2)}×`;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISSED');

function renderTable(results: {
  ceiling?: Measured;
  single?: Measured;
  perRow?: Measured;
  batch?: Measured;
  reads?: ReadsMeasured;
}): string {
  const { ceiling, single, perRow, batch, reads } = results;
  const rows: string[][] = [];
  const latency = (measured: Measured) =>
    `${ms(measured.result.latency.p50Ms)} / ${ms(measured.result.latency.p99Ms)} ms`;
  if (ceiling)
    rows.push([
      `1. Ceiling: GET /health/live (no database), ${ceiling.connections} connections`,
      `${integer(ceiling.perSecond)} req/s`,
      latency(ceiling),
      '—',
      '',
      cpuText(ceiling.cpu),
    ]);
  if (single)
    rows.push([
      `2. POST /api/track, 1 event a request, ${single.connections} connections, group commit`,
      `${integer(single.perSecond)} events/s`,
      latency(single),
      `${ratio(single.perSecond, perRow?.perSecond)} per-row; ${ratio(single.perSecond, ceiling?.perSecond)} ceiling`,
      '',
      cpuText(single.cpu),
    ]);
  if (perRow)
    rows.push([
      `3. Per-row baseline: the same, TRACK_WRITE_MODE=per-row`,
      `${integer(perRow.perSecond)} events/s`,
      latency(perRow),
      `${ratio(perRow.perSecond, ceiling?.perSecond)} ceiling`,
      '',
      cpuText(perRow.cpu),
    ]);
  if (batch) {
    rows.push([
      `4. POST /api/track/batch, ${plan.eventsPerBatch} events a request, ${batch.connections} connections`,
      `${integer(batch.perSecond)} events/s`,
      latency(batch),
      `${ratio(batch.perSecond, goals.batchEventsPerSecond)} of 16,700/s (goal ≥ 1×)`,
      verdict(batch.perSecond >= goals.batchEventsPerSecond),
      cpuText(batch.cpu),
    ]);
    if (perRow)
      rows.push([
        '4. … batch events/s ÷ per-row events/s',
        '',
        '',
        `${ratio(batch.perSecond, perRow.perSecond)} (goal ≥ 10×)`,
        verdict(batch.perSecond >= goals.batchOverPerRow * perRow.perSecond),
        '',
      ]);
  }
  for (const measured of [single, perRow, batch]) {
    if (!measured?.check) continue;
    rows.push([
      `   honesty, ${measured.label} (warm-up and sweep included)`,
      honestyText(measured.check),
      '',
      'stored = acknowledged',
      measured.check.ok ? 'PASS' : 'FAILED',
      '',
    ]);
  }
  if (reads) {
    rows.push([
      `5. GET /api/analytics, ${readCombinations.length} combinations × ${plan.readRepetitions}, p50 / p95 (max ${ms(reads.overall.max)} ms)`,
      `${integer(reads.overall.samples)} reads`,
      `${ms(reads.overall.p50)} / ${ms(reads.overall.p95)} ms`,
      `p95 ${ratio(reads.overall.p95, goals.readP95Ms)} of 50 ms (goal < 1×)`,
      verdict(reads.overall.p95 < goals.readP95Ms),
      cpuText(reads.cpu),
    ]);
    rows.push([
      `   brute-force count over feature_events (${reads.bruteForce.label})`,
      reads.bruteForce.differences.length === 0 ? 'equal' : `${reads.bruteForce.differences.length} differences`,
      '',
      'API = count',
      reads.bruteForce.differences.length === 0 ? 'PASS' : 'FAILED',
      '',
    ]);
  }
  return markdownTable(
    [
      'scenario',
      'measured',
      'p50 / p99',
      'ratio (goal)',
      'result',
      'CPU % of one core: API / PG backends / PG server / load gen / other',
    ],
    rows,
  );
}

// ——— the run ———

/** A database kept by an earlier run (INGEST_BENCH_KEEP_DATABASE), brought up to date; never dropped. */
async function reuseDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('INGEST_BENCH_REUSE_DATABASE needs DATABASE_URL (the server it is on)');
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return { url: url.toString(), drop: async () => undefined };
}

async function main(): Promise<number> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups.length = 0;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench:ingest: ${signal}, stopping what it started\n`);
      killAllChildren();
      void cleanUp().finally(() => process.exit(130));
    });
  }
  process.once('exit', killAllChildren);

  const startLoad = loadText();
  const idle = await measureMachineLoad(2_000);
  step(
    `machine: ${availableParallelism()} cores, load average ${startLoad}; before starting, other processes used ` +
      `${integer(idle)} % of one core`,
  );
  const problems: string[] = [];
  const results: Parameters<typeof renderTable>[0] = {};
  let generation: GenerationReport | undefined;
  let generatorCheck: Awaited<ReturnType<typeof checkGeneratorMatchesFunction>> | undefined;
  try {
    const scratch = plan.reuseDatabase
      ? await reuseDatabase(plan.reuseDatabase)
      : await createScratchDatabase({
          repoRoot,
          prefix: scratchDatabasePrefix,
          dataDirName: 'bench-ingest-pg',
          log: step,
        });
    if (plan.keepDatabase) cleanups.push(async () => write(`kept the database: ${scratch.url}`));
    else cleanups.push(() => scratch.drop());
    const databaseName = new URL(scratch.url).pathname.slice(1);
    const client = (maxConnections: number) => createPrismaClient({ databaseUrl: scratch.url, maxConnections });
    const monitor = client(1);
    const counts = client(2);
    cleanups.push(
      () => monitor.$disconnect(),
      () => counts.$disconnect(),
    );
    const [version] = await counts.$queryRawUnsafe<{ server_version: string }[]>('SHOW server_version');
    step(`PostgreSQL ${version?.server_version}, scratch database ${databaseName}; Node ${process.version}`);

    if (!plan.reuseDatabase) await createBenchUsers(counts, plan.population);
    const admin = await counts.user.create({
      data: {
        email: `bench-admin-${randomBytes(4).toString('hex')}@example.test`,
        name: 'Bench Admin',
        passwordHash: 'not-a-real-hash',
        role: 'admin',
      },
      select: { id: true },
    });
    const jwtSecret = randomBytes(32).toString('hex');
    const signer = await createTestAccessTokens({ secret: jwtSecret, ttlSeconds: 3_600 });
    const tokenFor = (userId: string, role: 'user' | 'admin') =>
      signer.sign({ userId, role, familyId: randomUUID(), tokenVersion: 0 });
    const writerTokens = Array.from({ length: plan.writers }, (_, index) => tokenFor(benchUserId(index + 1), 'user'));
    const adminToken = tokenFor(admin.id, 'admin');
    step(
      `${integer(plan.population)} users (every age band and gender, some without); ${integer(plan.writers)} of them send the writes`,
    );

    const child = forkBenchChild('ingest-load-generator.ts');
    cleanups.push(async () => child.kill('SIGTERM'));
    const generator = new CommandChannel<IngestLoadGeneratorCommands>(child, 'load generator');
    const context: Context = {
      generator,
      generatorPid: child.pid as number,
      monitor,
      counts,
      databaseName,
      problems,
    };
    const apiEnv = (mode: 'batched' | 'per-row') => ({
      DATABASE_URL: scratch.url,
      JWT_SECRET: jwtSecret,
      INTERNAL_API_KEY: randomBytes(24).toString('hex'),
      // One load generator is one client IP sending tens of thousands of requests a second.
      RATE_LIMIT_MAX: '1000000000',
      TRACK_WRITE_MODE: mode,
    });
    const cpuProfileDir = process.env.INGEST_BENCH_CPU_PROF;
    const nodeArgs = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', resolve(cpuProfileDir)] : [];
    const config = loadApiConfig({ ...process.env, ...apiEnv('batched') });
    step(
      `API settings: TRACK_BATCH_MAX_EVENTS ${config.TRACK_BATCH_MAX_EVENTS}, TRACK_BATCH_LINGER_MS ${config.TRACK_BATCH_LINGER_MS}, ` +
        `TRACK_WRITER_CONNECTIONS ${config.TRACK_WRITER_CONNECTIONS}, TRACK_QUEUE_MAX_EVENTS ${config.TRACK_QUEUE_MAX_EVENTS}, ` +
        `TRACK_COMMIT_DEADLINE_MS ${config.TRACK_COMMIT_DEADLINE_MS}, DATABASE_POOL_MAX ${config.DATABASE_POOL_MAX}`,
    );
    step(`each scenario: ${plan.warmUpSeconds} s warm-up, then ${plan.seconds} s measured (drain included)`);

    /** Starts an API, runs `work`, stops it (draining its writer), then checks nothing was committed late. */
    const withApi = async <T>(mode: 'batched' | 'per-row', work: (api: ApiProcess) => Promise<T>): Promise<T> => {
      const api = await startApiProcess({ env: apiEnv(mode), nodeArgs });
      step(`API (${mode}) pid ${api.pid} on ${api.url}`);
      try {
        return await work(api);
      } finally {
        await api.stop();
      }
    };

    if (plan.only !== 'reads' && !plan.reuseDatabase) {
      const lateCheck = async (label: string, before: number, acknowledged: number) => {
        const rows = (await countStored(counts)).rows - before;
        if (rows !== acknowledged)
          problems.push(
            `${label}: after the API stopped, ${integer(rows)} rows for ${integer(acknowledged)} acknowledged`,
          );
      };
      const rowsBeforeBatched = (await countStored(counts)).rows;
      await withApi('batched', async (api) => {
        step('1. ceiling: GET /health/live');
        results.ceiling = await measureCeiling(context, api);
        step(`   ${integer(results.ceiling.perSecond)} req/s`);
        step('2. POST /api/track (group commit)');
        const single = await measureWrites(
          context,
          api,
          {
            label: 'POST /api/track (batched)',
            requests: singleEventRequests(writerTokens),
            acknowledgement: 'single',
            withRollups: true,
          },
          [plan.connections],
        );
        results.single = single;
        step(`   ${integer(single.perSecond)} events/s`);
        step(`4. POST /api/track/batch (${plan.eventsPerBatch} events a request)`);
        const batch = await measureWrites(
          context,
          api,
          {
            label: 'POST /api/track/batch',
            requests: batchRequests(writerTokens),
            acknowledgement: 'batch',
            withRollups: true,
          },
          plan.batchConnections,
        );
        results.batch = batch;
        step(`   ${integer(batch.perSecond)} events/s at ${batch.connections} connections`);
      });
      await lateCheck(
        'batched API',
        rowsBeforeBatched,
        (results.single?.check?.acknowledged ?? 0) + (results.batch?.check?.acknowledged ?? 0),
      );
      const rowsBeforePerRow = (await countStored(counts)).rows;
      await withApi('per-row', async (api) => {
        step('3. POST /api/track (per-row baseline)');
        results.perRow = await measureWrites(
          context,
          api,
          {
            label: 'POST /api/track (per-row)',
            requests: singleEventRequests(writerTokens),
            acknowledgement: 'single',
            withRollups: false,
          },
          [plan.connections],
        );
        step(`   ${integer(results.perRow.perSecond)} events/s`);
      });
      await lateCheck('per-row API', rowsBeforePerRow, results.perRow?.check?.acknowledged ?? 0);
      const codes = await countCodeMismatches(counts);
      step(
        `   the API's band and gender codes on its ${integer(codes.events)} events vs the generator's: ` +
          `${integer(codes.mismatches)} differ`,
      );
      if (codes.mismatches > 0 || codes.events === 0)
        problems.push(`codes: ${codes.mismatches} of the API's events carry codes the generator would not give`);
    }

    if (plan.only !== 'writes') {
      if (plan.reuseDatabase) step(`5. reads on ${plan.reuseDatabase} as it is (nothing generated)`);
      else {
        step(`5. reads: generating ${integer(plan.readEvents)} events over ${plan.readDays} days`);
        generation = await generateFeatureEvents(
          client,
          { events: plan.readEvents, days: plan.readDays, users: plan.population, parallelDays: 2 },
          step,
        );
        step(
          `   generated ${integer(generation.events)} events (${generation.firstDay} … ${generation.lastDay}), ` +
            `${integer(generation.spans)} user spans, ${integer(generation.quarters)} quarter rows, ` +
            `${integer(generation.dayRows)} day rows, ${integer(generation.bitmapRows)} bitmap rows in ` +
            `${(generation.generateMs / 1000).toFixed(1)} s, then VACUUM ANALYZE ${(generation.vacuumMs / 1000).toFixed(1)} s`,
        );
        step(
          `   time per statement, summed over the days (${plan.readDays} days, 2 at a time): ` +
            Object.entries(generation.stepMs)
              .map(([label, spent]) => `${label} ${(spent / 1000).toFixed(1)} s`)
              .join(', '),
        );
        if (generation.events !== plan.readEvents)
          problems.push(`generation: ${generation.events} events stored for ${plan.readEvents} planned`);
        generatorCheck = await checkGeneratorMatchesFunction(counts, {
          day: addDays(generation.lastDay, -Math.floor(plan.readDays / 2)),
          features: [topFeature, rareFeature],
        });
        step(
          `   generator vs record_feature_events on ${integer(generatorCheck.events)} events of one day: ` +
            `${integer(generatorCheck.rowsCompared)} rollup rows compared, ${generatorCheck.differences} differences`,
        );
        if (generatorCheck.differences > 0 || generatorCheck.rowsCompared === 0)
          problems.push(
            `generation: the rollups differ from record_feature_events' (${generatorCheck.differences} rows)`,
          );
      }
      const reads = await withApi('batched', (api) => measureReads(context, api, adminToken));
      results.reads = reads;
      write();
      write(
        markdownTable(
          ['GET /api/analytics combination', 'p50 ms', 'p95 ms', 'max ms'],
          reads.perCombination.map((row) => [row.label, ms(row.p50), ms(row.p95), ms(row.max)]),
        ),
      );
    }
  } catch (error) {
    problems.push(`run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    await cleanUp();
  }

  write();
  write(renderTable(results));
  if (generation)
    write(
      `Generation of the read data: ${integer(generation.events)} events with every rollup in ` +
        `${(generation.generateMs / 1000).toFixed(1)} s (+ VACUUM ANALYZE ${(generation.vacuumMs / 1000).toFixed(1)} s); ` +
        `checked against record_feature_events: ${generatorCheck ? `${generatorCheck.differences} differences` : 'not run'}.`,
    );
  const sweep = results.batch?.sweep ?? [];
  if (sweep.length > 0)
    write(
      `Batch connections sweep (${plan.sweepSeconds} s each): ` +
        sweep.map((entry) => `${entry.connections} → ${integer(entry.perSecond)}/s`).join(', '),
    );
  write(`CPU is measured per process from /proc over each measured run; "other" is the rest of the machine.`);
  write(
    `Load average at start ${startLoad}, at end ${loadText()} (2 cores: other work on the machine slows every figure).`,
  );
  if (problems.length > 0) {
    write();
    write('BROKEN RUN:');
    for (const problem of problems) write(`  - ${problem}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
