// `pnpm bench:realtime`: the realtime service under load, on the real stack, in separate processes.
//
// PostgreSQL (embedded under .data/bench-realtime-pg on a free port, unless DATABASE_URL names a
// server) gets a scratch database, migrated and filled with 101 live sessions. The API runs in
// this process; the realtime service runs as it is deployed, `node --import tsx
// apps/realtime/src/main.ts`, restarted with fresh memory for each scenario; the client swarm
// (load-generator.ts) and the bare `ws` baseline (bare-ws-server.ts) are processes of their own,
// so no two of them share an event loop. Scenarios:
//   A  10,000 Socket.IO guests join 100 sessions: sockets held, join rate, RSS per connection.
//   B  5,000 guests in one session while 20 senders emit 1,000 reactions/s for 10 s: reactions
//      accepted, messages delivered, send → reaction-stats latency, nothing lost.
//   Fan-out ceiling: in B's room, 200 room broadcasts at once through the service's internal
//      broadcast route, then the same frame 200 times from a bare ws server to 5,000 ws clients.
//   Baseline at B's cadence: the frames one viewer received in B, replayed at the same times by
//      the bare ws server.
//   Profile: B again with other room sizes and coalescing intervals (COUNT_BROADCAST_MS).
//   C  three realtime nodes behind one Redis (REDIS_URL, default the machine's), one session,
//      15,000 guests spread over them (REALTIME_BENCH_CLUSTER_VIEWERS): every client's last
//      viewer-count and reaction-stats exact, reaction → stats across nodes, Redis commands/s and CPU
//      (cluster-scenario.ts). REALTIME_BENCH_ONLY=cluster runs C alone.
// It prints one table with the goals, then stops everything it started. Ctrl-C does too.
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { startApiServer } from '@showfloor/api';
import { loadApiConfig } from '@showfloor/config';
import { createPrismaClient } from '@showfloor/db';
import { createLogger } from '@showfloor/server-kit';
import { redisAnswers } from '@showfloor/testing';
import { createScratchDatabase } from '../shared/scratch-database.ts';
import {
  forkBenchChild,
  killAllChildren,
  type RealtimeProcess,
  repoRoot,
  startRealtimeProcess,
  stopAllChildren,
  stopChild,
} from './bench-processes.ts';
import {
  type BareWsServerCommands,
  CommandChannel,
  type LoadGeneratorCommands,
  type RecordedFrame,
} from './bench-protocol.ts';
import { measureCluster, renderClusterTable } from './cluster-scenario.ts';
import { readMachineBusySeconds, readRssKb, withCpuUsage } from './process-metrics.ts';
import {
  type BenchResults,
  type FanOutResult,
  type ReactionsResult,
  renderProfileTable,
  renderResultsTable,
  type ViewersResult,
} from './results-table.ts';

const plan = {
  viewerSessions: 100,
  viewersPerSession: 100,
  reactionViewers: 5_000,
  senders: 20,
  reactionsPerSecond: 1_000,
  reactionSeconds: 10,
  latencySampleEvery: 50,
  joinConcurrency: 200,
  holdSeconds: 5,
  ceilingBroadcasts: 200,
  /** The profile runs are extras: on a machine so busy that the run is slow, they are skipped. */
  profilesStartWithinMinutes: 6,
};

/**
 * Scenario B again with other room sizes and settings of the service's fan-out knobs, to see what
 * limits it: the `reaction-stats` coalescing interval (COUNT_BROADCAST_MS, stretched by the service
 * for rooms larger than COUNTER_WRITES_PER_ROOM_PER_SECOND allows) and the room's size, each
 * broadcast costing one write per viewer.
 */
const profiles: Array<{ label: string; viewers: number; env: Record<string, string> }> = [
  { label: 'COUNT_BROADCAST_MS=50', viewers: 5_000, env: { COUNT_BROADCAST_MS: '50' } },
  { label: 'defaults', viewers: 500, env: {} },
  { label: 'COUNT_BROADCAST_MS=50', viewers: 500, env: { COUNT_BROADCAST_MS: '50' } },
];

/** Limits that would otherwise shape the load rather than measure the service. */
const unlimitedReactions = { REACTIONS_PER_SECOND: '1000000' };

const write = (line = '') => process.stdout.write(`${line}\n`);
const step = (line: string) => write(`· ${line}`);
const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));
const secret = () => randomBytes(24).toString('hex'); // 48 characters

interface Stack {
  apiInternalUrl: string;
  internalApiKey: string;
  jwtSecret: string;
  viewerSessionIds: string[];
  reactionSessionId: string;
  swarm: CommandChannel<LoadGeneratorCommands>;
}

async function startRealtime(stack: Stack, env: Record<string, string> = {}): Promise<RealtimeProcess> {
  return startRealtimeProcess({
    apiInternalUrl: stack.apiInternalUrl,
    internalApiKey: stack.internalApiKey,
    jwtSecret: stack.jwtSecret,
    env: { ...unlimitedReactions, ...env },
  });
}

function describeJoin(result: { joined: number; failed: number; firstError: string | null; elapsedMs: number }) {
  const rate = Math.round((result.joined / result.elapsedMs) * 1000);
  const failures = result.failed > 0 ? `, ${result.failed} failed (${result.firstError})` : '';
  return `${result.joined.toLocaleString('en')} joined in ${(result.elapsedMs / 1000).toFixed(1)} s (${rate}/s)${failures}`;
}

/** Scenario A: many sessions, many viewers; what holding them costs the service. */
async function measureViewers(stack: Stack): Promise<ViewersResult> {
  const realtime = await startRealtime(stack);
  try {
    await sleep(1_000);
    const rssBeforeKb = readRssKb(realtime.pid);
    const target = plan.viewerSessions * plan.viewersPerSession;
    step(`scenario A: ${target.toLocaleString('en')} guests joining ${plan.viewerSessions} sessions`);
    const { result: join, cpu } = await withCpuUsage(
      { service: realtime.pid, swarm: stack.swarm.child.pid as number },
      () =>
        stack.swarm.call('connect-viewers', {
          url: realtime.url,
          sessionIds: stack.viewerSessionIds,
          perSession: plan.viewersPerSession,
          concurrency: plan.joinConcurrency,
          role: 'viewer',
        }),
    );
    step(`  ${describeJoin(join)}; holding for ${plan.holdSeconds} s`);
    await sleep(plan.holdSeconds * 1_000);
    const held = (await realtime.health()).connections;
    const rssAfterKb = readRssKb(realtime.pid);
    const clientSide = await stack.swarm.call('count-connected', {});
    step(`  held ${held} (client side: ${clientSide.viewers} connected, ${clientSide.dropped} dropped)`);
    await stack.swarm.call('disconnect-all', {});
    return {
      sessions: plan.viewerSessions,
      target,
      joined: join.joined,
      failed: join.failed,
      joinsPerSecond: (join.joined / join.elapsedMs) * 1000,
      concurrency: plan.joinConcurrency,
      held,
      holdSeconds: plan.holdSeconds,
      rssBeforeKb,
      rssAfterKb,
      joinCpu: cpu,
    };
  } finally {
    await realtime.stop();
  }
}

/** Scenario B: one big room under a steady stream of reactions. */
async function measureReactions(
  stack: Stack,
  options: { label: string; viewers: number; env: Record<string, string>; withCeiling: boolean },
): Promise<{ reactions: ReactionsResult; ceiling: (FanOutResult & { frame: string }) | undefined }> {
  const { label, env } = options;
  const realtime = await startRealtime(stack, env);
  try {
    const sessionId = stack.reactionSessionId;
    step(`scenario B (${label}): ${options.viewers.toLocaleString('en')} guests + ${plan.senders} senders join`);
    const join = await stack.swarm.call('connect-viewers', {
      url: realtime.url,
      sessionIds: [sessionId],
      perSession: options.viewers,
      concurrency: plan.joinConcurrency,
      role: 'viewer',
    });
    step(`  ${describeJoin(join)}`);
    await stack.swarm.call('connect-viewers', {
      url: realtime.url,
      sessionIds: [sessionId],
      perSession: plan.senders,
      concurrency: plan.senders,
      role: 'sender',
    });
    // A restarted service restores the totals its predecessor checkpointed; count from there.
    const baseTotal = await realtime.liveReactionTotal(sessionId);
    await sleep(1_000);
    step(`  ${plan.reactionsPerSecond}/s reactions for ${plan.reactionSeconds} s`);
    await realtime.eventLoopDelay({ reset: true });
    const { result: load, cpu } = await withCpuUsage(
      { service: realtime.pid, swarm: stack.swarm.child.pid as number },
      () =>
        stack.swarm.call('send-reactions', {
          sessionId,
          ratePerSecond: plan.reactionsPerSecond,
          durationMs: plan.reactionSeconds * 1_000,
          baseTotal,
          sampleEvery: plan.latencySampleEvery,
          settleTimeoutMs: 60_000,
        }),
    );
    const serviceEventLoopDelay = await realtime.eventLoopDelay({ reset: false });
    const liveTotal = await realtime.liveReactionTotal(sessionId);
    step(
      `  ${load.acceptedOk} accepted, ${Math.round(load.delivery.perSecond)} msgs/s delivered, ` +
        `p50 ${load.latency.p50Ms.toFixed(1)} ms, p99 ${load.latency.p99Ms.toFixed(1)} ms, ` +
        `ack p99 ${load.ackLatency.p99Ms.toFixed(1)} ms; event-loop delay p99 service ` +
        `${serviceEventLoopDelay.p99Ms.toFixed(0)} ms, swarm ${load.swarmEventLoopDelay.p99Ms.toFixed(0)} ms`,
    );

    const ceiling = options.withCeiling ? await measureServiceCeiling(stack, realtime) : undefined;
    await stack.swarm.call('disconnect-all', {});
    const reactions: ReactionsResult = {
      label,
      viewers: join.joined,
      senders: plan.senders,
      sampledViewers: Math.ceil(join.joined / plan.latencySampleEvery),
      offeredPerSecond: plan.reactionsPerSecond,
      load,
      baseTotal,
      liveTotal,
      cpu,
      serviceEventLoopDelay,
    };
    return { reactions, ceiling };
  } finally {
    await realtime.stop();
  }
}

/**
 * The service's fan-out ceiling, in the room scenario B filled: room events sent through the
 * internal broadcast route as fast as the service can take them, after a short warm-up.
 */
async function measureServiceCeiling(
  stack: Stack,
  realtime: RealtimeProcess,
): Promise<FanOutResult & { frame: string }> {
  const burst = (broadcasts: number) =>
    stack.swarm.call('broadcast-burst', {
      url: realtime.url,
      internalApiKey: stack.internalApiKey,
      sessionId: stack.reactionSessionId,
      broadcasts,
      timeoutMs: 60_000,
    });
  await sleep(1_000);
  await burst(20);
  await sleep(500);
  const { result, cpu } = await withCpuUsage({ server: realtime.pid, swarm: stack.swarm.child.pid as number }, () =>
    burst(plan.ceilingBroadcasts),
  );
  step(`  fan-out ceiling: ${result.delivered}/${result.expected} in ${result.spanMs.toFixed(0)} ms`);
  return { delivery: result, cpu, frame: result.frame };
}

/** The same fan-out through a bare ws server: the recorded frames at their times, then the ceiling. */
async function measureBareWs(
  stack: Stack,
  frames: RecordedFrame[],
  burstFrame: string,
): Promise<{ replay: FanOutResult; ceiling: FanOutResult }> {
  const channel = new CommandChannel<BareWsServerCommands>(forkBenchChild('bare-ws-server.ts'), 'bare ws server');
  try {
    const { port } = await channel.call('listen', {});
    step(`bare ws baseline: ${plan.reactionViewers.toLocaleString('en')} ws clients connect`);
    const connected = await stack.swarm.call('connect-ws-clients', {
      url: `ws://127.0.0.1:${port}`,
      count: plan.reactionViewers,
      concurrency: plan.joinConcurrency,
    });
    step(`  ${describeJoin({ ...connected, joined: connected.connected })}`);
    await sleep(1_000);
    const pids = { server: channel.child.pid as number, swarm: stack.swarm.child.pid as number };

    const replay = await withCpuUsage(pids, async () => {
      const startAt = Date.now() + 300;
      const counting = stack.swarm.call('count-ws-messages', {
        startAt,
        expectedPerClient: frames.length,
        timeoutMs: 60_000,
      });
      await channel.call('replay', { frames, startAt });
      return counting;
    });
    step(`  replay: ${replay.result.delivered}/${replay.result.expected} in ${replay.result.spanMs.toFixed(0)} ms`);

    await channel.call('arm-burst', { frame: burstFrame, count: 20 }); // warm-up
    await stack.swarm.call('ws-burst', { expectedPerClient: 20, timeoutMs: 30_000 });
    await sleep(500);
    await channel.call('arm-burst', { frame: burstFrame, count: plan.ceilingBroadcasts });
    const ceiling = await withCpuUsage(pids, () =>
      stack.swarm.call('ws-burst', { expectedPerClient: plan.ceilingBroadcasts, timeoutMs: 60_000 }),
    );
    step(`  ceiling: ${ceiling.result.delivered}/${ceiling.result.expected} in ${ceiling.result.spanMs.toFixed(0)} ms`);
    await stack.swarm.call('close-ws-clients', {});
    return {
      replay: { delivery: replay.result, cpu: replay.cpu },
      ceiling: { delivery: ceiling.result, cpu: ceiling.cpu },
    };
  } finally {
    await stopChild(channel.child, 'SIGTERM', 5_000);
  }
}

/** One creator and 101 live sessions: 100 for scenario A, one for B and the ceiling. */
async function createFixtures(databaseUrl: string): Promise<{ viewerSessionIds: string[]; reactionSessionId: string }> {
  const prisma = createPrismaClient({ databaseUrl, maxConnections: 2 });
  try {
    const creator = await prisma.user.create({
      data: {
        email: 'bench-creator@example.test',
        username: 'bench_creator',
        name: 'Bench Creator',
        passwordHash: 'not-a-real-hash',
        role: 'creator',
      },
    });
    const ids = Array.from({ length: plan.viewerSessions + 1 }, () => randomUUID());
    const startedAt = new Date();
    await prisma.session.createMany({
      data: ids.map((id, index) => ({
        id,
        creatorId: creator.id,
        title: `Benchmark session ${index + 1}`,
        status: 'live' as const,
        startedAt,
      })),
    });
    return { viewerSessionIds: ids.slice(0, plan.viewerSessions), reactionSessionId: ids.at(-1) as string };
  } finally {
    await prisma.$disconnect();
  }
}

const scratchDatabasePrefix = 'showfloor_realtime_bench_';

/** CPU the machine spends over two seconds before the benchmark starts, in percent of one core. */
async function measureMachineLoad(): Promise<number> {
  const before = readMachineBusySeconds();
  await sleep(2_000);
  return ((readMachineBusySeconds() - before) / 2) * 100;
}

async function main(): Promise<void> {
  const started = performance.now();
  // Undone in reverse order: the API, the scratch database, PostgreSQL.
  const cleanups: Array<() => Promise<unknown>> = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = () => {
    cleaning ??= (async () => {
      await stopAllChildren(20_000);
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    })();
    return cleaning;
  };
  // Ctrl-C reaches the children as well; a signal sent to this process alone must not orphan them.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench:realtime: ${signal}, stopping every process it started\n`);
      killAllChildren('SIGTERM');
      void cleanUp().finally(() => process.exit(130));
    });
  }
  process.once('exit', () => killAllChildren('SIGKILL'));

  try {
    const idle = await measureMachineLoad();
    step(
      `machine: ${availableParallelism()} cores; before starting, other processes used ${Math.round(idle)} % of one core`,
    );
    if (idle > 20) step('  the machine is busy: expect lower throughput and longer tails than on an idle one');
    const scratch = await createScratchDatabase({
      repoRoot,
      prefix: scratchDatabasePrefix,
      dataDirName: 'bench-realtime-pg',
      log: step,
    });
    cleanups.push(() => scratch.drop());
    const databaseUrl = new URL(scratch.url);
    const fixtures = await createFixtures(databaseUrl.toString());

    const internalApiKey = secret();
    const jwtSecret = secret();
    const api = await startApiServer({
      config: loadApiConfig({
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: databaseUrl.toString(),
        INTERNAL_API_KEY: internalApiKey,
        JWT_SECRET: jwtSecret,
        LOG_LEVEL: 'warn',
      }),
      logger: createLogger({ name: 'bench-api', level: 'warn' }),
    });
    cleanups.push(() => api.close());
    step(`API on ${api.url}; ${fixtures.viewerSessionIds.length + 1} live sessions`);

    const swarm = new CommandChannel<LoadGeneratorCommands>(forkBenchChild('load-generator.ts'), 'load generator');
    const stack: Stack = {
      apiInternalUrl: api.internalUrl,
      internalApiKey,
      jwtSecret,
      ...fixtures,
      swarm,
    };

    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const runCluster = async () => {
      if (!(await redisAnswers(redisUrl))) {
        step(`scenario C skipped: no Redis answers at ${redisUrl} (set REDIS_URL)`);
        return;
      }
      const cluster = await measureCluster({
        plan: {
          nodes: 3,
          viewers: Number(process.env.REALTIME_BENCH_CLUSTER_VIEWERS ?? 15_000),
          senders: plan.senders,
          reactionsPerSecond: plan.reactionsPerSecond,
          reactionSeconds: plan.reactionSeconds,
          latencySampleEvery: plan.latencySampleEvery,
          joinConcurrency: plan.joinConcurrency,
        },
        redisUrl,
        sessionId: stack.reactionSessionId,
        swarm,
        swarmPid: swarm.child.pid as number,
        startNode: (env) => startRealtime(stack, env),
        step,
      });
      write();
      write('Scenario C: three realtime nodes, one audience through Redis');
      write(renderClusterTable(cluster));
    };
    if (process.env.REALTIME_BENCH_ONLY === 'cluster') {
      await runCluster();
      return;
    }

    const viewers = await measureViewers(stack);
    const { reactions, ceiling: ours } = await measureReactions(stack, {
      label: 'defaults',
      viewers: plan.reactionViewers,
      env: {},
      withCeiling: true,
    });
    if (!ours) throw new Error('the fan-out ceiling was not measured');
    const bare = await measureBareWs(stack, reactions.load.frames, ours.frame);
    const profileRuns: ReactionsResult[] = [];
    for (const profile of profiles) {
      const minutes = (performance.now() - started) / 60_000;
      if (minutes > plan.profilesStartWithinMinutes) {
        step(`skipping the profile "${profile.label}": ${minutes.toFixed(1)} min have passed (a busy machine?)`);
        continue;
      }
      profileRuns.push((await measureReactions(stack, { ...profile, withCeiling: false })).reactions);
    }

    const results: BenchResults = {
      viewers,
      reactions,
      bareReplay: bare.replay,
      ceiling: {
        broadcasts: plan.ceilingBroadcasts,
        clients: plan.reactionViewers,
        frameBytes: Buffer.byteLength(ours.frame),
        ours,
        bare: bare.ceiling,
      },
    };
    write();
    write(renderResultsTable(results));
    write();
    write("Profile: scenario B with other room sizes and coalescing intervals (the issue's scenario first)");
    write(renderProfileTable([reactions, ...profileRuns]));
    await runCluster();
  } finally {
    await cleanUp();
  }
  write();
  write(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench:realtime failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
