// The processes of `pnpm bench:ingest` and where their CPU goes: the API exactly as deployed
// (`node --import tsx apps/api/src/main.ts`, configured by environment), the load generator forked
// with an IPC channel, and PostgreSQL's processes found through pg_stat_activity (so a server this
// run did not start — DATABASE_URL's — is measured too, by process id in /proc).
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrismaClient } from '@showfloor/db';
import { findFreePort } from '@showfloor/testing';
import { stopChild, waitUntilAnswering } from '../realtime/bench-processes.ts';
import { readCpuSeconds, readMachineBusySeconds, readTreeCpuSeconds } from '../realtime/process-metrics.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const benchDir = dirname(fileURLToPath(import.meta.url));

const children = new Set<ChildProcess>();
const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Last resort (an interrupt, a failure): no child outlives the benchmark. */
export function killAllChildren(): void {
  for (const child of children) if (isRunning(child)) child.kill('SIGKILL');
}

export interface ApiProcess {
  pid: number;
  url: string;
  /** SIGTERM: the API stops taking requests and drains its writer, then exits. */
  stop(): Promise<void>;
}

export async function startApiProcess(options: {
  env: Record<string, string>;
  /** Extra `node` flags, e.g. `--cpu-prof` (which NODE_OPTIONS does not accept). */
  nodeArgs?: string[];
  /** Which benchmark started it, for the message if it dies (default `bench:ingest`). */
  label?: string;
  /** A port chosen beforehand (another process must know the API's address before it starts). */
  port?: number;
}): Promise<ApiProcess> {
  const port = options.port ?? (await findFreePort());
  const url = `http://127.0.0.1:${port}`;
  const child = track(
    spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'apps/api/src/main.ts'], {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        ...options.env,
        HOST: '127.0.0.1',
        PORT: String(port),
      },
    }),
  );
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping)
      process.stderr.write(`${options.label ?? 'bench:ingest'}: the API exited unexpectedly (${signal ?? code})\n`);
  });
  await waitUntilAnswering(child, 'the API', async () => (await fetch(`${url}/health`)).ok);
  return {
    pid: child.pid as number,
    url,
    stop() {
      stopping = true;
      return stopChild(child, 'SIGTERM', 30_000);
    },
  };
}

/** A TypeScript file of this folder in its own Node process, run by tsx, with an IPC channel. */
export function forkBenchChild(file: string): ChildProcess {
  return track(
    fork(resolve(benchDir, file), [], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
}

/** Percent of one core, over the measured span. */
export interface CpuSplit {
  api: number;
  /** Client backends connected to the scratch database (the API's pools, the writer's connections). */
  postgresBackends: number;
  /** The server's own processes (WAL writer, checkpointer, background writer…), shared by every database on it. */
  postgresServer: number;
  loadGenerator: number;
  /** This process: building requests, counting rows. */
  orchestrator: number;
  /** Everything else the machine ran meanwhile (other people's work, the kernel, steal). */
  otherProcesses: number;
  seconds: number;
}

interface PostgresProcess {
  pid: number;
  kind: 'backend' | 'server';
  /** CPU seconds when first seen (0 for a backend that started after the measurement began). */
  first: number;
  last: number;
}

/**
 * Runs `work` and reports how busy each process was meanwhile. PostgreSQL's processes are listed
 * from pg_stat_activity every second, so backends that open or close during the work are counted
 * too; the monitoring connection itself is left out.
 */
export async function measureCpu<T>(
  options: { apiPid: number; loadGeneratorPid: number; monitor: PrismaClient; databaseName: string },
  work: () => Promise<T>,
): Promise<{ result: T; cpu: CpuSplit }> {
  const postgres = new Map<number, PostgresProcess>();
  const startedAt = new Date();
  const sample = async () => {
    const rows = await options.monitor.$queryRawUnsafe<{ pid: number; kind: 'backend' | 'server'; fresh: boolean }[]>(
      `SELECT pid, CASE WHEN datname IS NULL THEN 'server' ELSE 'backend' END AS kind,
              coalesce(backend_start > $1::timestamptz, false) AS fresh
       FROM pg_stat_activity
       WHERE pid <> pg_backend_pid() AND (datname = $2 OR datname IS NULL)`,
      startedAt.toISOString(),
      options.databaseName,
    );
    for (const row of rows) {
      let cpu: number;
      try {
        cpu = readCpuSeconds(row.pid);
      } catch {
        continue; // Ended meanwhile, or on another host (then it cannot be measured from here).
      }
      const known = postgres.get(row.pid);
      if (known) known.last = cpu;
      else postgres.set(row.pid, { pid: row.pid, kind: row.kind, first: row.fresh ? 0 : cpu, last: cpu });
    }
  };
  const read = (pid: number, reader: (pid: number) => number = readCpuSeconds) => {
    try {
      return reader(pid);
    } catch {
      return Number.NaN;
    }
  };
  // The API's whole process tree: with API_PROCESSES its workers are the primary's children.
  const readApi = () => read(options.apiPid, readTreeCpuSeconds);
  await sample();
  const apiBefore = readApi();
  const generatorBefore = read(options.loadGeneratorPid);
  const ownBefore = process.cpuUsage();
  const machineBefore = readMachineBusySeconds();
  const began = performance.now();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await new Promise((wake) => setTimeout(wake, 1_000));
      if (sampling) await sample().catch(() => undefined);
    }
  })();
  let result: T;
  try {
    result = await work();
  } finally {
    sampling = false;
  }
  await sampler;
  await sample();
  const seconds = (performance.now() - began) / 1000;
  const percent = (cpuSeconds: number) => (cpuSeconds / seconds) * 100;
  const own = process.cpuUsage(ownBefore);
  const split = {
    api: percent(readApi() - apiBefore),
    postgresBackends: 0,
    postgresServer: 0,
    loadGenerator: percent(read(options.loadGeneratorPid) - generatorBefore),
    orchestrator: percent((own.user + own.system) / 1e6),
  };
  for (const entry of postgres.values()) {
    if (entry.kind === 'backend') split.postgresBackends += percent(entry.last - entry.first);
    else split.postgresServer += percent(entry.last - entry.first);
  }
  const machine = percent(readMachineBusySeconds() - machineBefore);
  const ours = split.api + split.postgresBackends + split.postgresServer + split.loadGenerator + split.orchestrator;
  return { result, cpu: { ...split, otherProcesses: Math.max(0, machine - ours), seconds } };
}

/** How busy the machine is without us: busy CPU over `ms`, in percent of one core. */
export async function measureMachineLoad(ms: number): Promise<number> {
  const before = readMachineBusySeconds();
  await new Promise((wake) => setTimeout(wake, ms));
  return ((readMachineBusySeconds() - before) / (ms / 1000)) * 100;
}
