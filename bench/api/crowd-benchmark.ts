// `pnpm bench:crowd`: a flash crowd. CROWD_VIEWERS (10,000) viewers, in CROWD_PROCESSES viewer
// processes of their own, arrive at one live session within CROWD_SPREAD_SECONDS (10) and each
// does what the web app's live room does on opening (crowd-viewers.ts), while the creator's console
// keeps reading its own view of the session. The API and the realtime service run as deployed, each
// its own process. See bench/api/README.md.
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism, setPriority } from 'node:os';
import { createPrismaClient } from '@showfloor/db';
import { createTestAccessTokens, findFreePort } from '@showfloor/testing';
import { startRealtimeProcess } from '../realtime/bench-processes.ts';
import { CommandChannel, summarizeLatency } from '../realtime/bench-protocol.ts';
import { readCpuSeconds, readMachineBusySeconds, readTreeCpuSeconds } from '../realtime/process-metrics.ts';
import { markdownTable } from '../realtime/results-table.ts';
import { integer, loadText, numberFrom, runBenchmark, step, write } from '../shared/bench-run.ts';
import { createScratchDatabase } from '../shared/scratch-database.ts';
import type { CrowdCommands, CrowdResult, RoomRequest } from './crowd-protocol.ts';
import { forkBenchChild, killAllChildren, repoRoot, startApiProcess } from './ingest-processes.ts';
import { describeLiveRoom, seedLiveRoom } from './live-room-seed.ts';

const plan = {
  viewers: numberFrom('CROWD_VIEWERS', 10_000),
  processes: numberFrom('CROWD_PROCESSES', 4),
  spreadSeconds: numberFrom('CROWD_SPREAD_SECONDS', 10),
  /** Keep-alive connections each viewer process holds to the API (browsers behind a CDN or proxy share them the same way). */
  connectionsPerProcess: numberFrom('CROWD_CONNECTIONS_PER_PROCESS', 50),
  /** CROWD_SOCKETS=0: the HTTP part alone, to tell the API's share from the realtime service's. */
  sockets: process.env.CROWD_SOCKETS !== '0',
  /**
   * Viewers who open another live room first (CROWD_WARMUP_VIEWERS, 0 for none): a deployed API
   * has served traffic before a big creator goes live, so its code is compiled and its connections
   * are open — but nothing of the measured room is in its caches.
   */
  warmUp: { viewers: numberFrom('CROWD_WARMUP_VIEWERS', 2_000), spreadSeconds: 4 },
  room: { products: 2_000, sessions: 500, productsInRoom: 24, chatMessages: 50 },
};

const goals = { p99Ms: 500 };
/** The viewer processes' `nice` value (CROWD_VIEWER_NICENESS; 0 runs them level with the services). */
const viewerNiceness = numberFrom('CROWD_VIEWER_NICENESS', 10);

/** The live room's page on opening (apps/web/src/pages/live-room and apps/web/src/live). */
const roomRequests: RoomRequest[] = [
  { label: 'GET /api/sessions/:id', path: '/api/sessions/:sessionId', expectedStatus: 200 },
  { label: 'GET /api/sessions/:id/chat', path: '/api/sessions/:sessionId/chat', expectedStatus: 200 },
  { label: 'GET /api/sessions/:id/stream-token', path: '/api/sessions/:sessionId/stream-token', expectedStatus: 200 },
  { label: 'GET /api/sessions/:id/reactions', path: '/api/sessions/:sessionId/reactions', expectedStatus: 200 },
  {
    label: 'GET /api/sessions/:id/conversion-stats',
    path: '/api/sessions/:sessionId/conversion-stats',
    expectedStatus: 200,
  },
];

const ms = (value: number) => value.toFixed(1);

/** The p99 of several processes' samples is not their p99s' max, but it is bounded by it: the max is reported. */
function merge(
  results: CrowdResult[],
  pick: (result: CrowdResult) => { samples: number; p50Ms: number; p99Ms: number; maxMs: number },
) {
  const parts = results.map(pick);
  return {
    samples: parts.reduce((sum, part) => sum + part.samples, 0),
    p50Ms: Math.max(...parts.map((part) => part.p50Ms)),
    p99Ms: Math.max(...parts.map((part) => part.p99Ms)),
    maxMs: Math.max(...parts.map((part) => part.maxMs)),
  };
}

function cpuText(before: CpuReading, after: CpuReading): string {
  const seconds = (after.at - before.at) / 1000;
  const percent = (key: Exclude<keyof CpuReading, 'at'>) => ((after[key] - before[key]) / seconds) * 100;
  const other = percent('machine') - percent('api') - percent('realtime') - percent('viewers');
  return `API ${integer(percent('api'))}, realtime ${integer(percent('realtime'))}, viewer processes ${integer(percent('viewers'))}, everything else (PostgreSQL, other work) ${integer(other)}`;
}

interface CpuReading {
  api: number;
  realtime: number;
  viewers: number;
  machine: number;
  at: number;
}

async function main(): Promise<number> {
  const cleanups: (() => Promise<unknown>)[] = [];
  process.once('exit', killAllChildren);
  const problems: string[] = [];
  step(`machine: ${availableParallelism()} cores, load average ${loadText()}`);
  try {
    const scratch = await createScratchDatabase({
      repoRoot,
      prefix: 'bench_crowd_',
      dataDirName: 'bench-crowd-pg',
      log: step,
    });
    cleanups.push(() => scratch.drop());
    const prisma = createPrismaClient({ databaseUrl: scratch.url, maxConnections: 2 });
    cleanups.push(() => prisma.$disconnect());
    const room = await seedLiveRoom(prisma, plan.room);
    const warmUpRoom = await seedLiveRoom(prisma, { ...plan.room, products: 0, sessions: 0 });
    step(`${describeLiveRoom(plan.room)}; a second live room for the warm-up`);

    const jwtSecret = randomBytes(32).toString('hex');
    const internalApiKey = randomBytes(24).toString('hex');
    const signer = await createTestAccessTokens({ secret: jwtSecret, ttlSeconds: 3_600 });
    const ownerToken = signer.sign({
      userId: room.creatorId,
      role: 'creator',
      familyId: randomUUID(),
      tokenVersion: 0,
    });
    const apiPort = await findFreePort();
    const cpuProfileDir = process.env.CROWD_CPU_PROF;
    const profileArgs = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [];
    const realtime = await startRealtimeProcess({
      nodeArgs: profileArgs,
      apiInternalUrl: `http://127.0.0.1:${apiPort}`,
      internalApiKey,
      jwtSecret,
      env: { RATE_LIMIT_MAX: '1000000000', LOG_LEVEL: 'error' },
    });
    const api = await startApiProcess({
      label: 'bench:crowd',
      nodeArgs: profileArgs,
      port: apiPort,
      env: {
        DATABASE_URL: scratch.url,
        JWT_SECRET: jwtSecret,
        INTERNAL_API_KEY: internalApiKey,
        REALTIME_INTERNAL_URL: realtime.url,
        // One machine sends the whole crowd: the per-IP limit would refuse it as one client.
        RATE_LIMIT_MAX: '1000000000',
        AGORA_APP_ID: randomBytes(16).toString('hex'),
        AGORA_APP_CERTIFICATE: randomBytes(16).toString('hex'),
        LOG_LEVEL: 'error',
      },
    });
    // The realtime service first: at its shutdown it hands the API the views and totals it holds.
    cleanups.push(async () => {
      await realtime.stop();
      await api.stop();
    });
    step(`API pid ${api.pid} on ${api.url}; realtime pid ${realtime.pid} on ${realtime.url}`);

    const viewerPids: number[] = [];
    const viewerProcesses = Array.from({ length: plan.processes }, (_, index) => {
      const child = forkBenchChild('crowd-viewers.ts');
      viewerPids.push(child.pid as number);
      // 10,000 browsers bring 10,000 CPUs; these few processes share the services' two cores. At
      // a lower priority they take what the services leave, instead of starving the API of its
      // turn (a starved client only lengthens the latencies it measures).
      setPriority(child.pid as number, viewerNiceness);
      cleanups.push(async () => child.kill('SIGTERM'));
      return new CommandChannel<CrowdCommands>(child, `viewer process ${index + 1}`);
    });
    // Where the cores went while the crowd arrived, in % of one core.
    const cpuOf = () => ({
      api: readTreeCpuSeconds(api.pid),
      realtime: readCpuSeconds(realtime.pid),
      viewers: viewerPids.reduce((sum, pid) => sum + readCpuSeconds(pid), 0),
      machine: readMachineBusySeconds(),
      at: performance.now(),
    });
    const share = (viewers: number, index: number) =>
      Math.floor(viewers / plan.processes) + (index < viewers % plan.processes ? 1 : 0);
    const arrive = (sessionId: string, viewers: number, spreadSeconds: number, startAtEpochMs: number) =>
      Promise.all(
        viewerProcesses.map((channel, index) =>
          channel.call('arrive', {
            apiUrl: api.url,
            realtimeUrl: realtime.url,
            sessionId,
            viewers: share(viewers, index),
            startAtEpochMs,
            spreadMs: spreadSeconds * 1000,
            requests: roomRequests,
            connections: plan.connectionsPerProcess,
            sockets: plan.sockets,
          }),
        ),
      );
    // Forked children need a moment to load before the arrival clock starts.
    if (plan.warmUp.viewers > 0) {
      const warmUp = await arrive(
        warmUpRoom.roomId,
        plan.warmUp.viewers,
        plan.warmUp.spreadSeconds,
        Date.now() + 3_000,
      );
      const worst = Math.max(...warmUp.flatMap((result) => result.requests.map((request) => request.latency.p99Ms)));
      step(
        `warm-up: ${integer(plan.warmUp.viewers)} viewers opened another live room over ${plan.warmUp.spreadSeconds} s ` +
          `(worst p99 ${ms(worst)} ms, not judged); they leave before the crowd`,
      );
      await Promise.all(viewerProcesses.map((channel) => channel.call('leave', {})));
    }
    const cpuBefore = cpuOf();
    const startAtEpochMs = Date.now() + (plan.warmUp.viewers > 0 ? 1_000 : 3_000);
    step(
      `${integer(plan.viewers)} viewers in ${plan.processes} processes arrive over ${plan.spreadSeconds} s ` +
        `(${plan.connectionsPerProcess} keep-alive connections each); the creator's console reads meanwhile`,
    );

    // The creator's console: its own view of the session (fresh, with the stream key), every 200 ms.
    const consoleSamples: number[] = [];
    let consoleFailures = 0;
    let crowdDone = false;
    const creatorConsole = (async () => {
      while (!crowdDone) {
        const started = performance.now();
        const response = await fetch(`${api.url}/api/sessions/${room.roomId}`, {
          headers: { authorization: `Bearer ${ownerToken}` },
        }).catch(() => null);
        const body = response?.ok ? ((await response.json()) as { data: { streamKey?: string } }) : null;
        consoleSamples.push(performance.now() - started);
        if (body?.data.streamKey !== 'secret-stream-key') consoleFailures += 1;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    // One more viewer, opening the room every 100 ms from this process, which runs at the services'
    // priority and does little else: what a viewer whose own machine is not the bottleneck waits.
    const probeSamples = new Map<string, number[]>(roomRequests.map((request) => [request.label, []]));
    const probeViewer = (async () => {
      while (!crowdDone) {
        await Promise.all(
          roomRequests.map(async (request) => {
            const started = performance.now();
            const response = await fetch(`${api.url}${request.path.replace(':sessionId', room.roomId)}`).catch(
              () => null,
            );
            await response?.arrayBuffer();
            probeSamples
              .get(request.label)
              ?.push(
                response?.status === request.expectedStatus ? performance.now() - started : Number.POSITIVE_INFINITY,
              );
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const results = await arrive(room.roomId, plan.viewers, plan.spreadSeconds, startAtEpochMs);
    crowdDone = true;
    const cpuAfter = cpuOf();
    await creatorConsole;
    await probeViewer;
    // The room's count reaches every socket within a broadcast interval or two.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const counts = await Promise.all(viewerProcesses.map((channel) => channel.call('viewer-count', {})));
    const joined = counts.reduce((sum, count) => sum + count.sockets, 0);
    const heard = Math.max(...counts.map((count) => count.count));

    const arrivedInMs = Math.max(...results.map((result) => result.arrivedInMs));
    const rows = roomRequests.map((request) => {
      const latency = merge(
        results,
        (result) =>
          result.requests.find((r) => r.label === request.label)?.latency ?? {
            samples: 0,
            p50Ms: Number.NaN,
            p99Ms: Number.NaN,
            maxMs: Number.NaN,
          },
      );
      const failed = results.reduce(
        (sum, result) =>
          sum +
          Object.entries(result.failures)
            .filter(([label]) => label.startsWith(`${request.label} →`))
            .reduce((count, [, n]) => count + n, 0),
        0,
      );
      if (failed > 0) {
        const byStatus = new Map<string, number>();
        for (const result of results)
          for (const [label, n] of Object.entries(result.failures))
            if (label.startsWith(`${request.label} →`)) {
              const status = label.slice(request.label.length + 3);
              byStatus.set(status, (byStatus.get(status) ?? 0) + n);
            }
        const statuses = [...byStatus].map(([status, n]) => `${integer(n)}× ${status === '0' ? 'no answer' : status}`);
        problems.push(`${request.label}: ${statuses.join(', ')}`);
      }
      if (!(latency.p99Ms < goals.p99Ms))
        problems.push(`${request.label}: p99 ${ms(latency.p99Ms)} ms ≥ ${goals.p99Ms} ms`);
      return [
        request.label,
        integer(latency.samples),
        integer((latency.samples / arrivedInMs) * 1000),
        integer(failed),
        `${ms(latency.p50Ms)} / ${ms(latency.p99Ms)} / ${ms(latency.maxMs)}`,
        latency.p99Ms < goals.p99Ms && failed === 0 ? 'PASS' : 'MISS',
      ];
    });
    const join = merge(results, (result) => result.join);
    const joinFailures = results.reduce((sum, result) => sum + result.joinFailures, 0);
    if (plan.sockets)
      rows.push([
        'socket connect + join-session',
        integer(join.samples),
        integer((join.samples / arrivedInMs) * 1000),
        integer(joinFailures),
        `${ms(join.p50Ms)} / ${ms(join.p99Ms)} / ${ms(join.maxMs)}`,
        joinFailures === 0 ? 'PASS' : 'MISS',
      ]);
    for (const request of roomRequests) {
      const latency = summarizeLatency(Float64Array.from(probeSamples.get(request.label) ?? []));
      rows.push([
        `probe viewer, every 100 ms: ${request.label}`,
        integer(latency.samples),
        '—',
        '—',
        `${ms(latency.p50Ms)} / ${ms(latency.p99Ms)} / ${ms(latency.maxMs)}`,
        'not judged',
      ]);
    }
    const consoleLatency = summarizeLatency(Float64Array.from(consoleSamples));
    rows.push([
      "creator's console: GET /api/sessions/:id as the owner, every 200 ms",
      integer(consoleLatency.samples),
      '—',
      integer(consoleFailures),
      `${ms(consoleLatency.p50Ms)} / ${ms(consoleLatency.p99Ms)} / ${ms(consoleLatency.maxMs)}`,
      consoleFailures === 0 && consoleLatency.p99Ms < goals.p99Ms ? 'PASS' : 'MISS',
    ]);
    if (joinFailures > 0) problems.push(`${joinFailures} sockets did not join`);
    if (consoleFailures > 0) problems.push(`the creator's console failed ${consoleFailures} reads`);
    if (plan.sockets && (joined !== plan.viewers || heard !== plan.viewers))
      problems.push(
        `${integer(joined)} sockets joined, the room's viewer-count says ${integer(heard)}, for ${integer(plan.viewers)} viewers`,
      );

    write('');
    write(
      markdownTable(
        ['request', 'answered', 'per second', 'errors', 'p50 / p99 / max ms', `0 errors, p99 < ${goals.p99Ms} ms`],
        rows,
      ),
    );
    write(
      `Every viewer arrived within ${ms(arrivedInMs / 1000)} s; ${integer(joined)} sockets joined and the room's viewer-count reached ` +
        `${integer(heard)} (of ${integer(plan.viewers)}). p50 and p99 are the worst of the ${plan.processes} viewer processes'. ` +
        `CPU while they arrived, % of one core: ${cpuText(cpuBefore, cpuAfter)}. ` +
        `API processes: ${process.env.API_PROCESSES ?? '1'} (their CPU summed). Load average at the end ${loadText()}.`,
    );
    await Promise.all(viewerProcesses.map((channel) => channel.call('leave', {})));
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
  for (const problem of problems) write(`PROBLEM: ${problem}`);
  return problems.length === 0 ? 0 : 1;
}

runBenchmark('bench:crowd', main, killAllChildren);
