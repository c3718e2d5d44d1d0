// Scenario C of `pnpm bench:realtime`: three realtime nodes (their own processes) behind one Redis,
// one session, its viewers spread over the nodes (the client swarm is a process of its own).
// Every client's last viewer-count must be the whole audience and every viewer's last
// reaction-stats total the reactions acked — 0 lost, 0 disagreeing — and it times reaction sent →
// reaction-stats covering it across nodes, with Redis's commands per second and CPU.
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import type { RealtimeProcess } from './bench-processes.ts';
import type { CommandChannel, LatencySummary, LoadGeneratorCommands } from './bench-protocol.ts';
import { type CpuUsage, withCpuUsage } from './process-metrics.ts';

export interface ClusterPlan {
  nodes: number;
  viewers: number;
  senders: number;
  reactionsPerSecond: number;
  reactionSeconds: number;
  latencySampleEvery: number;
  joinConcurrency: number;
}

export interface ClusterResult {
  plan: ClusterPlan;
  joined: number;
  failed: number;
  joinSeconds: number;
  viewerCount: { clients: number; agreeing: number; lowest: number; highest: number; settleMs: number };
  reactionsAcked: number;
  disagreeingViewers: number;
  finalTotalAtEveryViewer: number;
  latency: LatencySummary;
  ackLatency: LatencySummary;
  redisCommandsPerSecond: number;
  cpu: CpuUsage<string>;
}

type Stats = Record<string, string>;

function parseInfo(text: string): Stats {
  const stats: Stats = {};
  for (const line of text.split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0) stats[line.slice(0, at)] = line.slice(at + 1);
  }
  return stats;
}

export async function measureCluster(options: {
  plan: ClusterPlan;
  redisUrl: string;
  sessionId: string;
  swarm: CommandChannel<LoadGeneratorCommands>;
  swarmPid: number;
  startNode: (env: Record<string, string>) => Promise<RealtimeProcess>;
  step: (line: string) => void;
}): Promise<ClusterResult> {
  const { plan, swarm, sessionId, step } = options;
  const redis = createClient({ url: options.redisUrl });
  await redis.connect();
  const redisPid = Number(parseInfo(await redis.info('server')).process_id);
  const prefix = `bench:${randomUUID()}:`;
  const nodes: RealtimeProcess[] = [];
  try {
    for (let index = 0; index < plan.nodes; index += 1) {
      nodes.push(
        await options.startNode({
          REDIS_URL: options.redisUrl,
          REDIS_KEY_PREFIX: prefix,
          NODE_ID: `bench-node-${index + 1}`,
        }),
      );
    }
    step(
      `scenario C: ${plan.nodes} nodes over one Redis, ${plan.viewers.toLocaleString('en')} guests + ${plan.senders} senders spread over them`,
    );
    let joined = 0;
    let failed = 0;
    const joinStarted = performance.now();
    for (const [index, node] of nodes.entries()) {
      const share = (total: number) => Math.floor(total / plan.nodes) + (index < total % plan.nodes ? 1 : 0);
      for (const [role, total] of [
        ['viewer', plan.viewers],
        ['sender', plan.senders],
      ] as const) {
        const result = await swarm.call('connect-viewers', {
          url: node.url,
          sessionIds: [sessionId],
          perSession: share(total),
          concurrency: plan.joinConcurrency,
          role,
        });
        joined += result.joined;
        failed += result.failed;
      }
    }
    const joinSeconds = (performance.now() - joinStarted) / 1000;
    const agreement = await swarm.call('viewer-count-agreement', { expected: joined, timeoutMs: 30_000 });
    step(
      `  ${joined.toLocaleString('en')} joined in ${joinSeconds.toFixed(1)} s (${failed} failed); ` +
        `${agreement.agreeing.toLocaleString('en')} of ${agreement.clients.toLocaleString('en')} clients show viewer-count ${joined} ` +
        `(others ${agreement.lowest}–${agreement.highest})`,
    );

    const baseTotal = await (nodes[0] as RealtimeProcess).liveReactionTotal(sessionId);
    const commandsBefore = Number(parseInfo(await redis.info('stats')).total_commands_processed);
    const loadStarted = performance.now();
    const pids: Record<string, number> = { swarm: options.swarmPid, redis: redisPid };
    for (const [index, node] of nodes.entries()) pids[`node ${index + 1}`] = node.pid;
    step(`  ${plan.reactionsPerSecond}/s reactions for ${plan.reactionSeconds} s through senders on every node`);
    const { result: load, cpu } = await withCpuUsage(pids, () =>
      swarm.call('send-reactions', {
        sessionId,
        ratePerSecond: plan.reactionsPerSecond,
        durationMs: plan.reactionSeconds * 1_000,
        baseTotal,
        sampleEvery: plan.latencySampleEvery,
        settleTimeoutMs: 60_000,
      }),
    );
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const commandsAfter = Number(parseInfo(await redis.info('stats')).total_commands_processed);
    step(
      `  ${load.acceptedOk} acked; ${load.disagreeingViewers} viewers disagree with that total; ` +
        `p50 ${load.latency.p50Ms.toFixed(1)} ms, p99 ${load.latency.p99Ms.toFixed(1)} ms`,
    );
    await swarm.call('disconnect-all', {});
    return {
      plan,
      joined,
      failed,
      joinSeconds,
      viewerCount: { ...agreement, settleMs: agreement.elapsedMs },
      reactionsAcked: load.acceptedOk,
      disagreeingViewers: load.disagreeingViewers,
      finalTotalAtEveryViewer: load.finalTotalAtEveryViewer - baseTotal,
      latency: load.latency,
      ackLatency: load.ackLatency,
      redisCommandsPerSecond: (commandsAfter - commandsBefore) / loadSeconds,
      cpu,
    };
  } finally {
    for (const node of nodes) await node.stop().catch(() => {});
    await redis.close().catch(() => {});
  }
}

/** The scenario's table: what must hold, then the figures. */
export function renderClusterTable(result: ClusterResult): string {
  const { plan } = result;
  const pass = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const cpu = Object.entries(result.cpu.byProcess)
    .map(([name, percent]) => `${name} ${Math.round(percent as number)} %`)
    .join(', ');
  const rows = [
    ['measure', 'result', 'goal'],
    ['---', '---', '---'],
    [
      `clients joined over ${plan.nodes} nodes`,
      `${result.joined.toLocaleString('en')} (${result.failed} failed) in ${result.joinSeconds.toFixed(1)} s`,
      pass(result.failed === 0),
    ],
    [
      'clients whose last viewer-count is the whole audience',
      `${result.viewerCount.agreeing.toLocaleString('en')} / ${result.viewerCount.clients.toLocaleString('en')} (settled in ${(result.viewerCount.settleMs / 1000).toFixed(1)} s)`,
      pass(result.viewerCount.agreeing === result.viewerCount.clients),
    ],
    [
      'viewers whose last reaction-stats total is not the reactions acked',
      `${result.disagreeingViewers} (acked ${result.reactionsAcked.toLocaleString('en')}, every viewer ≥ ${result.finalTotalAtEveryViewer.toLocaleString('en')})`,
      pass(result.disagreeingViewers === 0),
    ],
    [
      'reaction sent → reaction-stats covering it, across nodes',
      `p50 ${result.latency.p50Ms.toFixed(1)} ms, p99 ${result.latency.p99Ms.toFixed(1)} ms, max ${result.latency.maxMs.toFixed(0)} ms`,
      '—',
    ],
    ['reaction ack', `p50 ${result.ackLatency.p50Ms.toFixed(1)} ms, p99 ${result.ackLatency.p99Ms.toFixed(1)} ms`, '—'],
    ['Redis commands during the reactions', `${Math.round(result.redisCommandsPerSecond).toLocaleString('en')}/s`, '—'],
    [
      'CPU during the reactions (% of one core)',
      `${cpu}; other processes ${Math.round(result.cpu.otherProcesses)} %`,
      '—',
    ],
  ];
  return rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
}
