// `pnpm bench:reads`: the public reads a live room's viewers make, at 100 keep-alive connections
// from a load generator in its own process, side by side with the same API's trivial route (the
// HTTP ceiling of this machine, measured in the same run). See bench/api/README.md.
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { createPrismaClient } from '@showfloor/db';
import { createTestAccessTokens } from '@showfloor/testing';
import { CommandChannel } from '../realtime/bench-protocol.ts';
import { markdownTable } from '../realtime/results-table.ts';
import { integer, loadText, numberFrom, runBenchmark, step, write } from '../shared/bench-run.ts';
import { createScratchDatabase } from '../shared/scratch-database.ts';
import {
  type CpuSplit,
  forkBenchChild,
  killAllChildren,
  measureCpu,
  repoRoot,
  startApiProcess,
} from './ingest-processes.ts';
import type { IngestLoadGeneratorCommands, LoadRequest, LoadResult } from './ingest-protocol.ts';
import { describeLiveRoom, seedLiveRoom } from './live-room-seed.ts';

const plan = {
  connections: numberFrom('READS_BENCH_CONNECTIONS', 100),
  seconds: numberFrom('READS_BENCH_SECONDS', 10),
  warmUpSeconds: 3,
  room: {
    products: numberFrom('READS_BENCH_PRODUCTS', 2_000),
    sessions: numberFrom('READS_BENCH_SESSIONS', 500),
    productsInRoom: 24,
    chatMessages: 50,
  },
  only: process.env.READS_BENCH_ONLY?.split(',').filter(Boolean),
  /** Measure every route against the same API with the cache off first (READS_BENCH_BASELINE=0 skips it). */
  baseline: process.env.READS_BENCH_BASELINE !== '0',
};

const goals = { perSecond: 3_000, p99Ms: 50 };

interface Row {
  scenario: Scenario;
  result: LoadResult;
  cpu: CpuSplit;
  perSecond: number;
}

interface Scenario {
  label: string;
  path: string;
  /** The trivial route everything is compared with. */
  ceiling?: boolean;
  /** Sent with a viewer's token (the live room's reads are made signed in or not). */
  signedIn?: boolean;
}

function scenarios(roomId: string): Scenario[] {
  return [
    { label: 'ceiling: GET /health/live', path: '/health/live', ceiling: true },
    { label: 'GET /api/sessions/:id', path: `/api/sessions/${roomId}` },
    { label: 'GET /api/sessions/:id (signed in)', path: `/api/sessions/${roomId}`, signedIn: true },
    { label: 'GET /api/sessions/:id/products', path: `/api/sessions/${roomId}/products` },
    { label: 'GET /api/sessions/:id/chat', path: `/api/sessions/${roomId}/chat` },
    { label: 'GET /api/sessions/:id/stream-token', path: `/api/sessions/${roomId}/stream-token` },
    { label: 'GET /api/products', path: '/api/products' },
    { label: 'GET /api/search/products?q=lamp', path: '/api/search/products?q=lamp' },
    { label: 'GET /api/search/sessions?q=lamp', path: '/api/search/sessions?q=lamp' },
    { label: 'GET /api/search/sessions/live', path: '/api/search/sessions/live' },
  ];
}

const cpuText = (cpu: CpuSplit) =>
  [cpu.api, cpu.postgresBackends, cpu.loadGenerator, cpu.otherProcesses].map((value) => integer(value)).join(' / ');

async function main(): Promise<number> {
  const cleanups: (() => Promise<unknown>)[] = [];
  process.once('exit', killAllChildren);
  step(`machine: ${availableParallelism()} cores, load average ${loadText()}`);
  const problems: string[] = [];
  try {
    const scratch = await createScratchDatabase({
      repoRoot,
      prefix: 'bench_reads_',
      dataDirName: 'bench-reads-pg',
      log: step,
    });
    cleanups.push(() => scratch.drop());
    const databaseName = new URL(scratch.url).pathname.slice(1);
    const prisma = createPrismaClient({ databaseUrl: scratch.url, maxConnections: 2 });
    const monitor = createPrismaClient({ databaseUrl: scratch.url, maxConnections: 1 });
    cleanups.push(
      () => prisma.$disconnect(),
      () => monitor.$disconnect(),
    );
    const seeded = await seedLiveRoom(prisma, plan.room);
    step(describeLiveRoom(plan.room));

    const jwtSecret = randomBytes(32).toString('hex');
    const signer = await createTestAccessTokens({ secret: jwtSecret, ttlSeconds: 3_600 });
    const viewerToken = signer.sign({
      userId: seeded.viewerId,
      role: 'user',
      familyId: randomUUID(),
      tokenVersion: 0,
    });
    const cpuProfileDir = process.env.READS_BENCH_CPU_PROF;
    const child = forkBenchChild('ingest-load-generator.ts');
    cleanups.push(async () => child.kill('SIGTERM'));
    const generator = new CommandChannel<IngestLoadGeneratorCommands>(child, 'load generator');

    /** Every scenario against an API started with `env`, then stopped. */
    const measureAll = async (label: string, env: Record<string, string>) => {
      const api = await startApiProcess({
        label: 'bench:reads',
        nodeArgs: cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [],
        env: {
          DATABASE_URL: scratch.url,
          JWT_SECRET: jwtSecret,
          INTERNAL_API_KEY: randomBytes(24).toString('hex'),
          RATE_LIMIT_MAX: '1000000000',
          // Stream tokens are signed locally (agora-token): any well-formed credentials sign them.
          AGORA_APP_ID: randomBytes(16).toString('hex'),
          AGORA_APP_CERTIFICATE: randomBytes(16).toString('hex'),
          // No realtime service runs here: the live list's "watching now" figures are left out (and warned about).
          LOG_LEVEL: 'error',
          ...env,
        },
      });
      step(`${label}: API pid ${api.pid} on ${api.url}`);
      const run = async (scenario: Scenario, seconds: number) => {
        const headers: Record<string, string> = scenario.signedIn ? { authorization: `Bearer ${viewerToken}` } : {};
        const requests: LoadRequest[] = [{ method: 'GET', path: scenario.path, headers }];
        return measureCpu({ apiPid: api.pid, loadGeneratorPid: child.pid as number, monitor, databaseName }, () =>
          generator.call('load', {
            baseUrl: api.url,
            connections: plan.connections,
            durationSeconds: seconds,
            requests,
            acknowledgement: 'none',
            timeoutSeconds: 30,
          }),
        );
      };
      const measured: Row[] = [];
      try {
        for (const scenario of scenarios(seeded.roomId)) {
          if (plan.only && !scenario.ceiling && !plan.only.some((part) => scenario.label.includes(part))) continue;
          await run(scenario, plan.warmUpSeconds);
          const { result, cpu } = await run(scenario, plan.seconds);
          const ok = result.statusCounts['200'] ?? 0;
          const other = Object.entries(result.statusCounts).filter(([status]) => status !== '200');
          if (other.length > 0 || result.errors > 0)
            problems.push(
              `${label}, ${scenario.label}: ${other.map(([s, n]) => `${n}× ${s}`).join(', ')} ${result.errors} errors`,
            );
          const perSecond = (ok / result.elapsedMs) * 1000;
          measured.push({ scenario, result, cpu, perSecond });
          step(`  ${scenario.label}: ${integer(perSecond)} req/s, p99 ${result.latency.p99Ms.toFixed(1)} ms`);
        }
      } finally {
        await api.stop();
      }
      return measured;
    };

    // The baseline: the same API reading the database on every request, as it did before the cache.
    const baseline = plan.baseline
      ? await measureAll('baseline, PUBLIC_READ_CACHE_MS=0', { PUBLIC_READ_CACHE_MS: '0' })
      : [];
    const rows = await measureAll('as configured', {});
    const baselineOf = (scenario: Scenario) => baseline.find((row) => row.scenario.label === scenario.label);

    const ceiling = rows.find((row) => row.scenario.ceiling);
    write('');
    write(
      markdownTable(
        [
          'request',
          'baseline req/s, p99 ms',
          'req/s',
          'p50 / p99 ms',
          '× baseline',
          '× ceiling',
          `goal ≥ ${integer(goals.perSecond)}/s, p99 < ${goals.p99Ms} ms`,
          'CPU % of one core: API / PG / load gen / other',
        ],
        rows.map(({ scenario, result, cpu, perSecond }) => [
          scenario.label,
          baselineOf(scenario)
            ? `${integer(baselineOf(scenario)?.perSecond ?? 0)}, ${baselineOf(scenario)?.result.latency.p99Ms.toFixed(1)}`
            : '—',
          integer(perSecond),
          `${result.latency.p50Ms.toFixed(1)} / ${result.latency.p99Ms.toFixed(1)}`,
          baselineOf(scenario) ? `${(perSecond / (baselineOf(scenario)?.perSecond ?? 1)).toFixed(1)}×` : '—',
          ceiling ? `${(perSecond / ceiling.perSecond).toFixed(2)}×` : '—',
          scenario.ceiling ? '' : perSecond >= goals.perSecond && result.latency.p99Ms < goals.p99Ms ? 'PASS' : 'MISS',
          cpuText(cpu),
        ]),
      ),
    );
    write(
      `${plan.connections} connections, ${plan.seconds} s each after a ${plan.warmUpSeconds} s warm-up; ` +
        `API processes: ${process.env.API_PROCESSES ?? '1'} (their CPU summed); load average at the end ${loadText()}.`,
    );
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
  for (const problem of problems) write(`PROBLEM: ${problem}`);
  return problems.length === 0 ? 0 : 1;
}

runBenchmark('bench:reads', main, killAllChildren);
