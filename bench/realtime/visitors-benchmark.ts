// `pnpm bench:visitors:live`: seed 002's collector under load, on the real stack, in separate processes.
//
// PostgreSQL (DATABASE_URL's server, else embedded under .data/bench-visitors-pg) gets a scratch
// database; the API runs as deployed in its own process on it; the realtime service runs as
// deployed (`node --expose-gc --import tsx apps/realtime/src/main.ts`, service-probe.ts preloaded
// for its event-loop delay, heap and CPU profiles). Load comes from other processes: autocannon
// (bench/api/ingest-load-generator.ts) and one visitor dashboard on `/visitors`
// (visitors-dashboard.ts). In one run, on one realtime process:
//   1. ceiling: GET /health/live, the same server's trivial route, at the same connections;
//   2. POST /api/events, one seed-002 event a request, a distinct session_id per visit, until
//      100,000 visits are live (goal ≥ 20,000 events/s and ≥ 0.5× the ceiling);
//   3. the batch form, arrays of 50, over the same visits;
//   4. heap per live session after a forced GC (goal ≤ 2 KB), the dashboard's messages/s and the
//      service's event-loop delay during 2 and 3;
//   5. the history: rows/s into visitor_events, the lag after the load, accepted = stored.
// VISITORS_BENCH_CPU_PROF=<dir> writes a CPU profile of the realtime process over the measured
// single-event run; VISITORS_BENCH_PAGES=<n> sets the site's distinct pages (200);
// VISITORS_BENCH_REDIS_URL=<url> runs the realtime node as one of a cluster (REDIS_URL, a fresh key
// prefix): the visits live in Redis, one script call a request. It prints one table, then stops
// everything it started (Ctrl-C too).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { createPrismaClient, type PrismaClient } from '@showfloor/db';
import { createTestAccessTokens } from '@showfloor/testing';
import { createClient } from 'redis';
import { killAllChildren as killApiProcesses, measureCpu, startApiProcess } from '../api/ingest-processes.ts';
import type { IngestLoadGeneratorCommands, LoadRequest, LoadResult } from '../api/ingest-protocol.ts';
import { createScratchDatabase } from '../shared/scratch-database.ts';
import {
  forkBenchChild,
  killAllChildren,
  type RealtimeProcess,
  repoRoot,
  startRealtimeProcess,
  stopAllChildren,
} from './bench-processes.ts';
import { CommandChannel } from './bench-protocol.ts';
import { readCpuSeconds, readMachineBusySeconds } from './process-metrics.ts';
import {
  batchRequests,
  ceilingRequests,
  singleEventRequests,
  type VisitorLoadShape,
} from './visitors-load-requests.ts';
import type { VisitorsDashboardCommands } from './visitors-protocol.ts';
import {
  type HistoryMeasured,
  type LoadMeasured,
  okResponses,
  renderVisitorsTable,
  type VisitorsCpu,
  type VisitorsResults,
} from './visitors-results-table.ts';

const plan = {
  connections: 100,
  warmUpSeconds: 3,
  ceilingSeconds: 10,
  singleSeconds: 15,
  batchSeconds: 10,
  eventsPerBatch: 50,
  /** 200 pages: every collector answer carries `pages_visited`, one entry a page (VISITORS_BENCH_PAGES to vary). */
  shape: { liveSessions: 100_000, pages: Number(process.env.VISITORS_BENCH_PAGES ?? 200) } satisfies VisitorLoadShape,
  requestTimeoutSeconds: 10,
  historyTimeoutMs: 180_000,
};

/** Limits that would otherwise shape the load rather than measure the service. */
const realtimeEnv = {
  // One load generator is one client IP sending tens of thousands of events a second.
  COLLECTOR_RATE_LIMIT_PER_MINUTE: '1000000000',
  // Exactly the visits the load makes: none evicted.
  VISITOR_SESSIONS_MAX: String(plan.shape.liveSessions),
  ...(process.env.VISITORS_BENCH_REDIS_URL
    ? { REDIS_URL: process.env.VISITORS_BENCH_REDIS_URL, REDIS_KEY_PREFIX: `bench:${randomUUID()}:` }
    : {}),
};

/** With VISITORS_BENCH_REDIS_URL: the Redis server's own CPU seconds (INFO cpu), to say what an event costs it. */
async function redisCpuSeconds(): Promise<number | undefined> {
  const url = process.env.VISITORS_BENCH_REDIS_URL;
  if (!url) return undefined;
  const client = createClient({ url });
  await client.connect();
  try {
    const info = await client.info('cpu');
    const seconds = (field: string) => Number(new RegExp(`${field}:([\\d.]+)`).exec(info)?.[1] ?? 0);
    return seconds('used_cpu_sys') + seconds('used_cpu_user');
  } finally {
    await client.quit();
  }
}

const write = (line = '') => process.stdout.write(`${line}\n`);
const step = (line: string) => write(`· ${line}`);
const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));
const integer = (value: number) => Math.round(value).toLocaleString('en');
const loadAverage = () => loadavg()[0] ?? 0;

interface Stack {
  realtime: RealtimeProcess;
  apiPid: number;
  generator: CommandChannel<IngestLoadGeneratorCommands>;
  dashboard: CommandChannel<VisitorsDashboardCommands>;
  /** Reads visitor_events and samples PostgreSQL's processes. */
  monitor: PrismaClient;
  databaseName: string;
}

/** CPU of every process of the run, PostgreSQL's found through pg_stat_activity (ingest-processes.ts). */
async function withCpu<T>(stack: Stack, work: () => Promise<T>): Promise<{ result: T; cpu: VisitorsCpu }> {
  const read = (pid: number | undefined) => (pid === undefined ? 0 : readCpuSeconds(pid));
  const realtimeBefore = read(stack.realtime.pid);
  const dashboardBefore = read(stack.dashboard.child.pid);
  const started = performance.now();
  const { result, cpu } = await measureCpu(
    {
      apiPid: stack.apiPid,
      loadGeneratorPid: stack.generator.child.pid as number,
      monitor: stack.monitor,
      databaseName: stack.databaseName,
    },
    work,
  );
  const seconds = (performance.now() - started) / 1000;
  const realtimeSeconds = read(stack.realtime.pid) - realtimeBefore;
  const realtime = (realtimeSeconds / seconds) * 100;
  const dashboard = ((read(stack.dashboard.child.pid) - dashboardBefore) / seconds) * 100;
  return {
    result,
    cpu: {
      realtime,
      api: cpu.api,
      postgres: cpu.postgresBackends + cpu.postgresServer,
      loadGenerator: cpu.loadGenerator,
      dashboard,
      other: Math.max(0, cpu.otherProcesses - realtime - dashboard) + cpu.orchestrator,
      realtimeSeconds,
    },
  };
}

async function countStored(monitor: PrismaClient): Promise<number> {
  const [row] = await monitor.$queryRawUnsafe<{ count: bigint }[]>('SELECT count(*) AS count FROM visitor_events');
  return Number(row?.count ?? 0);
}

async function runLoad(
  stack: Stack,
  options: {
    label: string;
    requests: LoadRequest[];
    seconds: number;
    eventsPerRequest: number;
    withDashboard: boolean;
    cpuProfilePath?: string;
  },
): Promise<LoadMeasured> {
  const { realtime } = stack;
  const acceptedBefore = (await realtime.health()).visitors.accepted;
  const storedBefore = options.eventsPerRequest > 0 ? await countStored(stack.monitor) : 0;
  await realtime.eventLoopDelay({ reset: true });
  if (options.withDashboard) await stack.dashboard.call('receipt', { reset: true });
  if (options.cpuProfilePath) await realtime.startCpuProfile();
  let maxPending = 0;
  let sampling = options.eventsPerRequest > 0;
  const sampler = (async () => {
    while (sampling) {
      await sleep(1_000);
      if (!sampling) break;
      const health = await realtime.health().catch(() => undefined);
      if (health) maxPending = Math.max(maxPending, health.outboxes.visitorEvents.pending);
    }
  })();
  const started = performance.now();
  const redisBefore = await redisCpuSeconds();
  const { result, cpu } = await withCpu(stack, async () => {
    try {
      return await stack.generator.call('load', {
        baseUrl: realtime.url,
        connections: plan.connections,
        durationSeconds: options.seconds,
        requests: options.requests,
        acknowledgement: 'none',
        timeoutSeconds: plan.requestTimeoutSeconds,
      });
    } finally {
      sampling = false;
    }
  });
  const loadSeconds = (performance.now() - started) / 1000;
  const redisAfter = await redisCpuSeconds();
  await sampler;
  if (options.cpuProfilePath) {
    await realtime.stopCpuProfile(options.cpuProfilePath);
    step(`  CPU profile of the realtime process: ${options.cpuProfilePath}`);
  }
  const eventLoopDelay = await realtime.eventLoopDelay({ reset: false });
  const storedAfter = options.eventsPerRequest > 0 ? await countStored(stack.monitor) : 0;
  const acceptedByService = (await realtime.health()).visitors.accepted - acceptedBefore;
  const dashboard = options.withDashboard
    ? { ...(await stack.dashboard.call('receipt', { reset: true })), seconds: loadSeconds }
    : undefined;
  const ok = okResponses(result);
  const perSecond = ((options.eventsPerRequest || 1) * ok) / (result.elapsedMs / 1000);
  const measured: LoadMeasured = {
    label: options.label,
    connections: plan.connections,
    result,
    perSecond,
    acceptedByService,
    eventsPerRequest: options.eventsPerRequest,
    cpu,
    eventLoopDelay,
    loadAverage: loadAverage(),
    ...(dashboard ? { dashboard } : {}),
    ...(options.eventsPerRequest > 0
      ? { maxPendingForHistory: maxPending, storedPerSecondDuringLoad: (storedAfter - storedBefore) / loadSeconds }
      : {}),
  };
  step(
    `  ${integer(perSecond)}/s (${describe(result)}); service accepted ${integer(acceptedByService)}; ` +
      `CPU realtime ${integer(cpu.realtime)} % (${((cpu.realtimeSeconds / Math.max(ok * (options.eventsPerRequest || 1), 1)) * 1e6).toFixed(1)} µs each), load gen ${integer(cpu.loadGenerator)} %, API ${integer(cpu.api)} %, ` +
      `PostgreSQL ${integer(cpu.postgres)} %; event-loop p99 ${eventLoopDelay.p99Ms.toFixed(1)} ms; load average ${measured.loadAverage.toFixed(2)}` +
      (redisBefore === undefined || redisAfter === undefined
        ? ''
        : `; Redis ${integer(((redisAfter - redisBefore) / loadSeconds) * 100)} % (${(((redisAfter - redisBefore) / Math.max(ok * (options.eventsPerRequest || 1), 1)) * 1e6).toFixed(1)} µs each)`),
  );
  return measured;
}

function describe(result: LoadResult): string {
  const statuses = Object.entries(result.statusCounts)
    .map(([status, count]) => `${status}: ${integer(count)}`)
    .join(', ');
  return `${statuses}; errors ${result.errors}, unanswered ${result.unanswered}; p99 ${result.latency.p99Ms.toFixed(1)} ms`;
}

/** A short run first, so the measured one does not pay for JIT compilation and connection set-up. */
async function warmUp(stack: Stack, requests: LoadRequest[]): Promise<void> {
  await stack.generator.call('load', {
    baseUrl: stack.realtime.url,
    connections: plan.connections,
    durationSeconds: plan.warmUpSeconds,
    requests,
    acknowledgement: 'none',
    timeoutSeconds: plan.requestTimeoutSeconds,
  });
}

/** Waits until PostgreSQL holds every accepted event; rows/s from the first load's start. */
async function awaitHistory(
  stack: Stack,
  options: { accepted: number; loadsEndedAt: number; firstLoadStartedAt: number },
): Promise<HistoryMeasured> {
  const deadline = Date.now() + plan.historyTimeoutMs;
  let stored = await countStored(stack.monitor);
  while (stored < options.accepted && Date.now() < deadline) {
    await sleep(100);
    stored = await countStored(stack.monitor);
  }
  const reachedAt = performance.now();
  const [row] = await stack.monitor.$queryRawUnsafe<{ distinct_ids: bigint }[]>(
    'SELECT count(DISTINCT id) AS distinct_ids FROM visitor_events',
  );
  const health = await stack.realtime.health();
  return {
    accepted: options.accepted,
    stored,
    distinctIds: Number(row?.distinct_ids ?? 0),
    lagMs: reachedAt - options.loadsEndedAt,
    rowsPerSecond: stored / ((reachedAt - options.firstLoadStartedAt) / 1000),
    givenUp: Object.values(health.outboxes.visitorEvents.givenUp).reduce((sum, count) => sum + count, 0),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const cleanups: Array<() => Promise<unknown>> = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = () => {
    cleaning ??= (async () => {
      await stopAllChildren(20_000);
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    })();
    return cleaning;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench:visitors:live: ${signal}, stopping every process it started\n`);
      killAllChildren('SIGTERM');
      killApiProcesses();
      void cleanUp().finally(() => process.exit(130));
    });
  }
  process.once('exit', () => {
    killAllChildren('SIGKILL');
    killApiProcesses();
  });

  try {
    const busyBefore = readMachineBusySeconds();
    await sleep(2_000);
    const idle = ((readMachineBusySeconds() - busyBefore) / 2) * 100;
    step(
      `machine: ${availableParallelism()} cores, load average ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}; ` + `before starting, the machine used ${Math.round(idle)} % of one core`,
    );
    step(
      `visits: ${realtimeEnv.REDIS_URL ? `in Redis (${realtimeEnv.REDIS_URL}), as one node of a cluster` : 'in the node’s memory'}`,
    );
    const scratch = await createScratchDatabase({
      repoRoot,
      prefix: 'showfloor_visitors_bench_',
      dataDirName: 'bench-visitors-pg',
      log: step,
    });
    cleanups.push(() => scratch.drop());
    const databaseName = new URL(scratch.url).pathname.slice(1);
    const monitor = createPrismaClient({ databaseUrl: scratch.url, maxConnections: 1 });
    cleanups.push(() => monitor.$disconnect());

    const jwtSecret = randomBytes(32).toString('hex');
    const internalApiKey = randomBytes(24).toString('hex');
    const admin = await monitor.user.create({
      data: { email: 'bench-admin@example.test', name: 'Bench Admin', passwordHash: 'not-a-real-hash', role: 'admin' },
      select: { id: true },
    });
    const signer = await createTestAccessTokens({ secret: jwtSecret, ttlSeconds: 3_600 });
    const adminToken = signer.sign({ userId: admin.id, role: 'admin', familyId: randomUUID(), tokenVersion: 0 });

    const api = await startApiProcess({
      label: 'bench:visitors:live',
      env: { DATABASE_URL: scratch.url, JWT_SECRET: jwtSecret, INTERNAL_API_KEY: internalApiKey },
    });
    cleanups.push(() => api.stop());
    const realtime = await startRealtimeProcess({
      apiInternalUrl: api.url,
      internalApiKey,
      jwtSecret,
      env: realtimeEnv,
      nodeArgs: ['--expose-gc'],
    });
    step(`scratch database ${databaseName}; API pid ${api.pid}; realtime pid ${realtime.pid} on ${realtime.url}`);

    const stack: Stack = {
      realtime,
      apiPid: api.pid,
      generator: new CommandChannel<IngestLoadGeneratorCommands>(
        forkBenchChild('../api/ingest-load-generator.ts'),
        'load generator',
      ),
      dashboard: new CommandChannel<VisitorsDashboardCommands>(forkBenchChild('visitors-dashboard.ts'), 'dashboard'),
      monitor,
      databaseName,
    };
    const connected = await stack.dashboard.call('connect', { url: realtime.url, token: adminToken });
    step(
      `dashboard connected to /visitors in ${connected.elapsedMs.toFixed(0)} ms (${connected.totalDashboards} dashboard)`,
    );

    await sleep(1_000);
    const heapBefore = await realtime.heap();
    await realtime.eventLoopDelay({ reset: true });
    await sleep(3_000);
    const idleEventLoopDelay = await realtime.eventLoopDelay({ reset: true });
    step(
      `realtime idle: heap ${integer(heapBefore.heapUsedBytes / 1_048_576)} MiB (GC forced: ${heapBefore.collected}), ` +
        `event-loop delay p50 ${idleEventLoopDelay.p50Ms.toFixed(1)} ms, p99 ${idleEventLoopDelay.p99Ms.toFixed(1)} ms`,
    );

    const timestamp = new Date().toISOString();
    const single = singleEventRequests(plan.shape, timestamp);
    const batches = batchRequests(plan.shape, timestamp, plan.eventsPerBatch);

    step(`1. ceiling: GET /health/live, ${plan.connections} connections, ${plan.ceilingSeconds} s`);
    await warmUp(stack, ceilingRequests());
    const ceiling = await runLoad(stack, {
      label: '1. Ceiling: GET /health/live (same realtime process)',
      requests: ceilingRequests(),
      seconds: plan.ceilingSeconds,
      eventsPerRequest: 0,
      withDashboard: false,
    });

    step(`2. POST /api/events, 1 event a request, ${integer(plan.shape.liveSessions)} distinct session_ids`);
    const firstLoadStartedAt = performance.now();
    await warmUp(stack, single);
    const profileDir = process.env.VISITORS_BENCH_CPU_PROF;
    let cpuProfilePath: string | undefined;
    if (profileDir) {
      mkdirSync(resolve(profileDir), { recursive: true });
      cpuProfilePath = resolve(profileDir, `realtime-single-${Date.now()}.cpuprofile`);
    }
    const singleRun = await runLoad(stack, {
      label: '2. POST /api/events, 1 event a request',
      requests: single,
      seconds: plan.singleSeconds,
      eventsPerRequest: 1,
      withDashboard: true,
      ...(cpuProfilePath ? { cpuProfilePath } : {}),
    });

    step(`3. POST /api/events, arrays of ${plan.eventsPerBatch}, over the same visits`);
    const batchRun = await runLoad(stack, {
      label: `3. POST /api/events, arrays of ${plan.eventsPerBatch}`,
      requests: batches,
      seconds: plan.batchSeconds,
      eventsPerRequest: plan.eventsPerBatch,
      withDashboard: true,
    });
    const loadsEndedAt = performance.now();

    const health = await realtime.health();
    step(`4. history: waiting until visitor_events holds all ${integer(health.visitors.accepted)} accepted events`);
    const history = await awaitHistory(stack, {
      accepted: health.visitors.accepted,
      loadsEndedAt,
      firstLoadStartedAt,
    });
    step(
      `  stored ${integer(history.stored)} (${integer(history.distinctIds)} distinct ids) ${integer(history.lagMs)} ms after the load; ` +
        `${integer(history.rowsPerSecond)} rows/s`,
    );

    // The outbox is empty now: the heap holds the live visits, not records on their way to the API.
    const heapAfter = await realtime.heap();
    const afterHealth = await realtime.health();
    const memory = {
      collected: heapBefore.collected && heapAfter.collected,
      liveSessions: afterHealth.visitors.liveSessions,
      evictions: afterHealth.visitors.evictions,
      heapBeforeBytes: heapBefore.heapUsedBytes,
      heapAfterBytes: heapAfter.heapUsedBytes,
      rssBeforeBytes: heapBefore.rssBytes,
      rssAfterBytes: heapAfter.rssBytes,
      loadAverage: loadAverage(),
    };
    step(
      `  heap ${integer(heapAfter.heapUsedBytes / 1_048_576)} MiB with ${integer(memory.liveSessions)} live sessions ` +
        `(${integer((heapAfter.heapUsedBytes - heapBefore.heapUsedBytes) / Math.max(memory.liveSessions, 1))} B each)`,
    );
    await stack.dashboard.call('close', {});

    const results: VisitorsResults = {
      idleEventLoopDelay,
      ceiling,
      single: singleRun,
      batch: batchRun,
      memory,
      history,
    };
    write();
    write(renderVisitorsTable(results));
  } finally {
    await cleanUp();
  }
  write();
  write(`done in ${((performance.now() - started) / 1000).toFixed(1)} s; load average now ${loadavg()[0]?.toFixed(2)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench:visitors:live failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
