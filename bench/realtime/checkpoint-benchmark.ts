// `pnpm bench:checkpoints`: what checkpointing live sessions' totals every 10 s (the default
// TOTALS_CHECKPOINT_MS) costs the API and PostgreSQL, against the old 60 s, measured in the same run.
//
// PostgreSQL (embedded under .data/bench-checkpoints-pg on a free port, unless DATABASE_URL names a
// server) gets a scratch database with 1,000 live sessions of 50 creators, 20 products each. The API
// runs as deployed in a process of its own (`node --import tsx apps/api/src/main.ts`). This process
// plays one realtime node with the service's own code: LiveSession state (20 viewers, reactions of 8
// types and clicks on the session's 20 products, growing every second), the totals checkpointer and
// the delivery pipeline with its undici client. For each size (100 and 1,000 sessions) and cadence
// (60 s, then 10 s) it checkpoints for the same window and measures the API's and PostgreSQL's CPU,
// each checkpoint request's latency, and the rows PostgreSQL wrote (pg_stat_user_tables).
// CHECKPOINT_BENCH_WINDOW_S (default 120, a multiple of 60) sets the window.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { loadRealtimeConfig } from '@showfloor/config';
import { createPrismaClient } from '@showfloor/db';
import {
  checkpointTotalsPeriodically,
  createInternalApiClient,
  createRealtimeDelivery,
  guestIdentity,
  LiveSession,
  totalsOf,
} from '@showfloor/realtime';
import { createLogger, systemClock } from '@showfloor/server-kit';
import { findFreePort } from '@showfloor/testing';
import { createScratchDatabase } from '../shared/scratch-database.ts';
import { repoRoot, stopChild } from './bench-processes.ts';
import { readMachineBusySeconds, withCpuUsage } from './process-metrics.ts';

const plan = {
  sessionCounts: [100, 1_000],
  /** The old default first: it is the baseline of each size. */
  intervalsMs: [60_000, 10_000],
  creators: 50,
  productsPerSession: 20,
  viewersPerSession: 20,
  reactionTypes: ['heart', 'wow', 'clap', 'fire', 'laugh', 'sad', 'party', 'star'],
  /** Per session and second: what a busy stream adds between checkpoints. */
  reactionsPerSecond: 5,
  clicksPerSecond: 1,
  windowSeconds: Number(process.env.CHECKPOINT_BENCH_WINDOW_S ?? 120),
  /** PostgreSQL publishes a backend's table counters within ~10 s of it going idle. */
  statsSettleMs: 11_000,
};

const write = (line = '') => process.stdout.write(`${line}\n`);
const step = (line: string) => write(`· ${line}`);
const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));
const secret = () => randomBytes(24).toString('hex');
const scratchDatabasePrefix = 'showfloor_checkpoint_bench_';

interface Fixtures {
  sessions: Array<{ id: string; creatorId: string; productIds: string[] }>;
}

interface RunResult {
  sessions: number;
  intervalMs: number;
  seconds: number;
  checkpoints: number;
  requests: number;
  failedRequests: number;
  latenciesMs: number[];
  rowsWritten: number;
  cpu: { api: number; driver: number; database: number; other: number };
}

async function runSql<T = unknown>(url: string, sql: string): Promise<T[]> {
  const prisma = createPrismaClient({ databaseUrl: url, maxConnections: 1 });
  try {
    return await prisma.$queryRawUnsafe<T[]>(sql);
  } finally {
    await prisma.$disconnect();
  }
}

async function createFixtures(databaseUrl: string, sessionCount: number): Promise<Fixtures> {
  const prisma = createPrismaClient({ databaseUrl, maxConnections: 2 });
  try {
    const creators = Array.from({ length: plan.creators }, (_, index) => ({
      id: randomUUID(),
      email: `bench-creator-${index}@example.test`,
      username: `bench_creator_${index}`,
      name: `Bench Creator ${index}`,
      passwordHash: 'not-a-real-hash',
      role: 'creator' as const,
    }));
    await prisma.user.createMany({ data: creators });
    const products = creators.map((creator) =>
      Array.from({ length: plan.productsPerSession }, (_, index) => ({
        id: randomUUID(),
        sellerId: creator.id,
        name: `Product ${index + 1}`,
        price: '10.00',
      })),
    );
    await prisma.product.createMany({ data: products.flat() });
    const startedAt = new Date();
    const sessions = Array.from({ length: sessionCount }, (_, index) => {
      const creatorIndex = index % plan.creators;
      return {
        id: randomUUID(),
        creatorId: (creators[creatorIndex] as { id: string }).id,
        productIds: (products[creatorIndex] ?? []).map((product) => product.id),
      };
    });
    await prisma.session.createMany({
      data: sessions.map((session, index) => ({
        id: session.id,
        creatorId: session.creatorId,
        title: `Checkpoint benchmark ${index + 1}`,
        status: 'live' as const,
        startedAt,
      })),
    });
    await prisma.sessionProduct.createMany({
      data: sessions.flatMap((session) =>
        session.productIds.map((productId, displayOrder) => ({ sessionId: session.id, productId, displayOrder })),
      ),
    });
    return { sessions };
  } finally {
    await prisma.$disconnect();
  }
}

/** Rows inserted, updated or deleted in the scratch database's tables so far. */
async function rowsWrittenSoFar(databaseUrl: string): Promise<number> {
  const [row] = await runSql<{ rows: bigint | number }>(
    databaseUrl,
    'SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint AS rows FROM pg_stat_user_tables',
  );
  return Number(row?.rows ?? 0);
}

async function startApiProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn' },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited during start-up (${child.exitCode})`);
    if (
      await fetch(`${url}/health`).then(
        (response) => response.ok,
        () => false,
      )
    )
      return { child, url };
    if (Date.now() > deadline) throw new Error('the API did not answer /health within 60 s');
    await sleep(200);
  }
}

/** Every session of this node as the realtime service holds it: viewers, reactions, clicks. */
function liveSessionsFor(fixtures: Fixtures, count: number) {
  const now = Date.now();
  return fixtures.sessions.slice(0, count).map((facts) => {
    const session = new LiveSession(facts.id, facts.creatorId);
    const viewerKeys: string[] = [];
    for (let viewer = 0; viewer < plan.viewersPerSession; viewer++) {
      const identity = guestIdentity(randomUUID());
      session.join(identity, `socket-${facts.id}-${viewer}`, now);
      viewerKeys.push(identity.viewerKey);
    }
    return { session, productIds: facts.productIds, viewerKeys };
  });
}

type Tracked = ReturnType<typeof liveSessionsFor>[number];

function addActivity(tracked: Tracked[]): void {
  const pick = <T>(values: readonly T[]) => values[Math.floor(Math.random() * values.length)] as T;
  for (const { session, productIds, viewerKeys } of tracked) {
    for (let i = 0; i < plan.reactionsPerSecond; i++) session.addReaction(pick(plan.reactionTypes));
    for (let i = 0; i < plan.clicksPerSecond; i++) session.addClick(pick(productIds), pick(viewerKeys));
  }
}

async function measureRun(options: {
  apiUrl: string;
  apiPid: number;
  databaseUrl: string;
  internalApiKey: string;
  jwtSecret: string;
  fixtures: Fixtures;
  sessions: number;
  intervalMs: number;
}): Promise<RunResult> {
  const config = loadRealtimeConfig({
    API_INTERNAL_URL: options.apiUrl,
    INTERNAL_API_KEY: options.internalApiKey,
    JWT_SECRET: options.jwtSecret,
    NODE_ID: 'bench-checkpoints',
    TOTALS_CHECKPOINT_MS: String(options.intervalMs),
  });
  const logger = createLogger({ name: 'bench-checkpoints', level: 'warn' });
  const client = createInternalApiClient({
    baseUrl: config.API_INTERNAL_URL,
    internalApiKey: config.INTERNAL_API_KEY,
    timeoutMs: 30_000,
  });
  const latenciesMs: number[] = [];
  let requests = 0;
  let failedRequests = 0;
  // The real client, timed: one sample per checkpoint request the pipeline sends.
  const api: typeof client = {
    ...client,
    async postSessionTotals(items) {
      requests += 1;
      const started = performance.now();
      try {
        await client.postSessionTotals(items);
        latenciesMs.push(performance.now() - started);
      } catch (error) {
        failedRequests += 1;
        throw error;
      }
    },
  };
  const delivery = createRealtimeDelivery({ api, config, clock: systemClock, logger });
  const tracked = liveSessionsFor(options.fixtures, options.sessions);
  let checkpoints = 0;
  const totalsCheckpoints = {
    checkpointAll() {
      checkpoints += 1;
      delivery.totals.enqueue(
        tracked.map(({ session }) => totalsOf(session.sessionId, session.reportedCounts(), config.NODE_ID, false)),
      );
    },
  };

  const rowsBefore = await rowsWrittenSoFar(options.databaseUrl);
  const activity = setInterval(() => addActivity(tracked), 1_000);
  const windowMs = plan.windowSeconds * 1_000;
  const started = performance.now();
  const { cpu } = await withCpuUsage({ api: options.apiPid, driver: process.pid }, async () => {
    const checkpointer = checkpointTotalsPeriodically({
      checkpoints: totalsCheckpoints,
      clock: systemClock,
      intervalMs: options.intervalMs,
    });
    // The window's last checkpoint fires at its very end: let its delivery finish inside it.
    await sleep(windowMs + 2_000);
    checkpointer.stop();
    await delivery.totals.flush(30_000);
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(activity);
  delivery.totals.stop();
  await client.close();
  await sleep(plan.statsSettleMs);
  const rowsWritten = (await rowsWrittenSoFar(options.databaseUrl)) - rowsBefore;
  return {
    sessions: options.sessions,
    intervalMs: options.intervalMs,
    seconds,
    checkpoints,
    requests,
    failedRequests,
    latenciesMs,
    rowsWritten,
    cpu: {
      api: cpu.byProcess.api,
      driver: cpu.byProcess.driver,
      database: cpu.apiAndDatabase,
      other: cpu.otherProcesses,
    },
  };
}

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

function renderTable(runs: RunResult[]): string {
  const headers = [
    'sessions',
    'TOTALS_CHECKPOINT_MS',
    'checkpoints (requests)',
    'API CPU',
    'PostgreSQL CPU',
    'ingest latency p50 / p99 (n)',
    'rows written/s',
    'vs 60 s: API CPU / PG CPU / rows/s',
    'other processes',
  ];
  const rows = runs.map((run) => {
    const baseline = runs.find((other) => other.sessions === run.sessions && other.intervalMs === 60_000);
    const ratio = (value: number, base: number | undefined) =>
      base === undefined || base === 0 ? '—' : `${(value / base).toFixed(1)}×`;
    const rowsPerSecond = run.rowsWritten / run.seconds;
    const baseRows = baseline ? baseline.rowsWritten / baseline.seconds : undefined;
    return [
      run.sessions.toLocaleString('en'),
      run.intervalMs.toLocaleString('en'),
      `${run.checkpoints} (${run.requests}${run.failedRequests > 0 ? `, ${run.failedRequests} failed` : ''})`,
      `${run.cpu.api.toFixed(1)} %`,
      `${run.cpu.database.toFixed(1)} %`,
      `${percentile(run.latenciesMs, 50).toFixed(0)} / ${percentile(run.latenciesMs, 99).toFixed(0)} ms (${run.latenciesMs.length})`,
      Math.round(rowsPerSecond).toLocaleString('en'),
      run.intervalMs === 60_000
        ? 'baseline'
        : `${ratio(run.cpu.api, baseline?.cpu.api)} / ${ratio(run.cpu.database, baseline?.cpu.database)} / ${ratio(rowsPerSecond, baseRows)}`,
      `${run.cpu.other.toFixed(0)} %`,
    ];
  });
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(headers), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function measureMachineLoad(): Promise<number> {
  const before = readMachineBusySeconds();
  await sleep(2_000);
  return ((readMachineBusySeconds() - before) / 2) * 100;
}

async function main(): Promise<void> {
  if (plan.windowSeconds < 60 || plan.windowSeconds % 60 !== 0) {
    throw new Error('CHECKPOINT_BENCH_WINDOW_S must be a multiple of 60, so both cadences fit it whole');
  }
  const cleanups: Array<() => Promise<unknown>> = [];
  let api: ChildProcess | undefined;
  const cleanUp = async () => {
    if (api) await stopChild(api, 'SIGTERM', 10_000);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench:checkpoints: ${signal}, stopping what it started\n`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  process.once('exit', () => api?.kill('SIGKILL'));

  try {
    const idle = await measureMachineLoad();
    step(
      `machine: ${availableParallelism()} cores; before starting, other processes used ${Math.round(idle)} % of one core`,
    );
    if (process.env.DATABASE_URL) {
      step('DATABASE_URL names the server: PostgreSQL CPU is only measured for an embedded one (shown as 0 %)');
    }
    const scratch = await createScratchDatabase({
      repoRoot,
      prefix: scratchDatabasePrefix,
      dataDirName: 'bench-checkpoints-pg',
      log: step,
    });
    cleanups.push(() => scratch.drop());
    const databaseUrl = new URL(scratch.url);
    const largest = Math.max(...plan.sessionCounts);
    const fixtures = await createFixtures(databaseUrl.toString(), largest);

    const internalApiKey = secret();
    const jwtSecret = secret();
    const bodyLimit = String(4 * 1024 * 1024);
    const started = await startApiProcess({
      DATABASE_URL: databaseUrl.toString(),
      INTERNAL_API_KEY: internalApiKey,
      JWT_SECRET: jwtSecret,
      // The internal body limit the realtime service assumes (API_BODY_LIMIT_BYTES): a checkpoint
      // of 1,000 sessions is one request of ~2.5 MB.
      BODY_LIMIT_BYTES: bodyLimit,
      INTERNAL_BODY_LIMIT_BYTES: bodyLimit,
    });
    api = started.child;
    step(
      `API (pid ${api.pid}) on ${started.url}; ${largest.toLocaleString('en')} live sessions, ${plan.productsPerSession} products each`,
    );

    const runs: RunResult[] = [];
    for (const sessions of plan.sessionCounts) {
      for (const intervalMs of plan.intervalsMs) {
        step(
          `${sessions.toLocaleString('en')} sessions, checkpoint every ${intervalMs / 1000} s, for ${plan.windowSeconds} s`,
        );
        const run = await measureRun({
          apiUrl: started.url,
          apiPid: api.pid as number,
          databaseUrl: databaseUrl.toString(),
          internalApiKey,
          jwtSecret,
          fixtures,
          sessions,
          intervalMs,
        });
        step(
          `  ${run.checkpoints} checkpoints, ${run.requests} requests, API CPU ${run.cpu.api.toFixed(1)} %, ` +
            `PostgreSQL ${run.cpu.database.toFixed(1)} %, ${run.rowsWritten.toLocaleString('en')} rows, other processes ${run.cpu.other.toFixed(0)} %`,
        );
        runs.push(run);
      }
    }
    write();
    write(renderTable(runs));
  } finally {
    await cleanUp();
  }
}

await main();
