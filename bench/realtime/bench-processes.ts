// The benchmark's child processes: the realtime service exactly as it is deployed
// (`node --import tsx apps/realtime/src/main.ts`, configured by environment variables), and the
// TypeScript helpers forked with an IPC channel. Every child is tracked so that a finished,
// failed or interrupted run leaves none behind.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { get } from 'node:http';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RealtimeHealth } from '@showfloor/contracts';
import { findFreePort } from '@showfloor/testing';
import { CommandChannel, type LatencySummary, type ServiceProbeCommands } from './bench-protocol.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const benchDir = dirname(fileURLToPath(import.meta.url));

const serviceEntry = 'apps/realtime/src/main.ts';
const probe = `./${relative(repoRoot, resolve(benchDir, 'service-probe.ts'))}`;

const children = new Set<ChildProcess>();
/** Set once the benchmark is stopping everything: children exiting then is expected. */
let stoppingAll = false;

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** Signals a child and waits for it to exit; SIGKILL if it takes longer than `timeoutMs`. */
/**
 * Polls `answers` until it resolves true (a failure counts as not yet), while the child runs; after
 * 60 s the child is killed and the start-up fails.
 */
export async function waitUntilAnswering(
  child: ChildProcess,
  name: string,
  answers: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!isRunning(child)) throw new Error(`${name} exited during start-up (${child.exitCode ?? child.signalCode})`);
    if (await answers().catch(() => false)) return;
    if (Date.now() > deadline) {
      await stopChild(child, 'SIGKILL', 1_000);
      throw new Error(`${name} did not answer /health within 60 s`);
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** Last resort (process exit, interrupt): no child outlives the benchmark. */
export function killAllChildren(signal: NodeJS.Signals): void {
  stoppingAll = true;
  for (const child of children) if (isRunning(child)) child.kill(signal);
}

export async function stopAllChildren(timeoutMs: number): Promise<void> {
  stoppingAll = true;
  await Promise.all([...children].map((child) => stopChild(child, 'SIGTERM', timeoutMs)));
}

/** A helper of this folder in its own Node process, run by tsx, with an IPC channel for commands. */
export function forkBenchChild(file: string): ChildProcess {
  return track(
    fork(resolve(benchDir, file), [], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
}

/**
 * GET on a connection of its own: a kept-alive one can be closed by a busy server just as it is
 * reused, which would fail a measurement for nothing.
 */
function getJsonOnce<T>(url: string, headers: Record<string, string>): Promise<T> {
  return new Promise((resolveBody, reject) => {
    const request = get(url, { headers, agent: false, timeout: 30_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => {
        if (response.statusCode !== 200) reject(new Error(`GET ${url} answered ${response.statusCode}: ${body}`));
        else resolveBody(JSON.parse(body) as T);
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', reject);
  });
}

export interface RealtimeProcess {
  pid: number;
  url: string;
  /** How late its event loop ran since the last reset (from service-probe.ts, preloaded). */
  eventLoopDelay(options: { reset: boolean }): Promise<LatencySummary>;
  health(): Promise<RealtimeHealth>;
  /** Heap in use (after full collections when started with `--expose-gc`), from the preloaded probe. */
  heap(): Promise<{ collected: boolean; heapUsedBytes: number; rssBytes: number }>;
  /** A V8 CPU profile of the span between the two calls, written to `path` (a `.cpuprofile`). */
  startCpuProfile(): Promise<void>;
  stopCpuProfile(path: string): Promise<void>;
  /** `GET /internal/sessions/:id/live`, as the API reads it: the session's reaction total. */
  liveReactionTotal(sessionId: string): Promise<number>;
  /** SIGTERM: the service closes every socket and flushes views and totals to the API, then exits. */
  stop(): Promise<void>;
}

export async function startRealtimeProcess(options: {
  apiInternalUrl: string;
  internalApiKey: string;
  jwtSecret: string;
  env: Record<string, string>;
  /** Extra `node` flags, e.g. `--cpu-prof` (which NODE_OPTIONS does not accept). */
  nodeArgs?: string[];
}): Promise<RealtimeProcess> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const child = track(
    spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', '--import', probe, serviceEntry], {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        API_INTERNAL_URL: options.apiInternalUrl,
        INTERNAL_API_KEY: options.internalApiKey,
        JWT_SECRET: options.jwtSecret,
        NODE_ID: 'bench-realtime',
        LOG_LEVEL: 'warn',
        SHUTDOWN_FLUSH_TIMEOUT_MS: '5000',
        ...options.env,
      },
    }),
  );
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping && !stoppingAll)
      process.stderr.write(`bench:realtime: the realtime service exited unexpectedly (${signal ?? code})\n`);
  });
  const probeChannel = new CommandChannel<ServiceProbeCommands>(child, 'realtime service probe');
  const internalHeaders = { 'x-internal-key': options.internalApiKey };
  const getJson = <T>(path: string, headers: Record<string, string> = {}) => getJsonOnce<T>(`${url}${path}`, headers);

  await waitUntilAnswering(child, 'the realtime service', async () => {
    await getJson('/health');
    return true;
  });

  return {
    pid: child.pid as number,
    url,
    health: () => getJson('/health'),
    eventLoopDelay: (params) => probeChannel.call('event-loop-delay', params),
    heap: () => probeChannel.call('heap', {}),
    async startCpuProfile() {
      await probeChannel.call('start-cpu-profile', {});
    },
    async stopCpuProfile(path) {
      await probeChannel.call('stop-cpu-profile', { path });
    },
    async liveReactionTotal(sessionId) {
      const body = await getJson<{ data: { reactions: { total: number } } }>(
        `/internal/sessions/${sessionId}/live`,
        internalHeaders,
      );
      return body.data.reactions.total;
    },
    stop() {
      stopping = true;
      return stopChild(child, 'SIGTERM', 20_000);
    },
  };
}
