// The one table `pnpm bench:realtime` prints: every figure, the issue's goals, PASS/MISS.
import type { DeliveryResult, LatencySummary, ReactionLoadResult } from './bench-protocol.ts';
import type { CpuUsage } from './process-metrics.ts';

export interface ViewersResult {
  sessions: number;
  target: number;
  joined: number;
  failed: number;
  joinsPerSecond: number;
  concurrency: number;
  /** `/health` connections after the hold. */
  held: number;
  holdSeconds: number;
  rssBeforeKb: number;
  rssAfterKb: number;
  joinCpu: CpuUsage<'service' | 'swarm'>;
}

export interface ReactionsResult {
  label: string;
  viewers: number;
  senders: number;
  sampledViewers: number;
  offeredPerSecond: number;
  load: ReactionLoadResult;
  baseTotal: number;
  liveTotal: number;
  cpu: CpuUsage<'service' | 'swarm'>;
  serviceEventLoopDelay: LatencySummary;
}

export interface FanOutResult {
  delivery: DeliveryResult;
  cpu: CpuUsage<'server' | 'swarm'>;
}

export interface BenchResults {
  viewers: ViewersResult;
  reactions: ReactionsResult;
  bareReplay: FanOutResult;
  ceiling: { broadcasts: number; clients: number; frameBytes: number; ours: FanOutResult; bare: FanOutResult };
}

const integer = (value: number) => Math.round(value).toLocaleString('en');
const ms = (value: number) => (value < 10 ? value.toFixed(1) : integer(value));
const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');

/** How long one broadcast takes to reach every client at that throughput. */
function broadcastMs(result: FanOutResult, clients: number): number {
  return (clients / result.delivery.perSecond) * 1000;
}

export function rssPerConnectionKb(viewers: ViewersResult): number {
  return (viewers.rssAfterKb - viewers.rssBeforeKb) / Math.max(viewers.held, 1);
}

/** Sent (acked ok) = what every viewer's last reaction-stats says = the service's live read. */
export function lostReactions(reactions: ReactionsResult): number {
  const counted = Math.min(
    reactions.load.finalTotalAtEveryViewer - reactions.baseTotal,
    reactions.liveTotal - reactions.baseTotal,
  );
  return reactions.load.acceptedOk - counted;
}

export function renderResultsTable(results: BenchResults): string {
  const { viewers, reactions, bareReplay, ceiling } = results;
  const { load } = reactions;
  const perConnection = rssPerConnectionKb(viewers);
  const lost = lostReactions(reactions);
  const exact =
    load.finalTotalAtEveryViewer - reactions.baseTotal === load.acceptedOk &&
    reactions.liveTotal - reactions.baseTotal === load.acceptedOk;
  const replayRatio = load.delivery.perSecond / bareReplay.delivery.perSecond;
  const ceilingRatio = ceiling.ours.delivery.perSecond / ceiling.bare.delivery.perSecond;
  const rows: string[][] = [
    [
      `Concurrent viewers held (${viewers.sessions} sessions × ${integer(viewers.target / viewers.sessions)}, ` +
        `/health connections after ${viewers.holdSeconds} s)`,
      integer(viewers.held),
      '≥ 10,000',
      verdict(viewers.held >= 10_000),
    ],
    [
      `RSS per connection (realtime VmRSS ${integer(viewers.rssBeforeKb / 1024)} → ${integer(viewers.rssAfterKb / 1024)} MB)`,
      `${perConnection.toFixed(1)} KB`,
      '≤ 30 KB',
      verdict(perConnection <= 30),
    ],
    [
      `Join rate (connect + join-session acked, ${viewers.concurrency} in flight; ${viewers.failed} failed; ` +
        `${cpuText(viewers.joinCpu)})`,
      `${integer(viewers.joinsPerSecond)} joins/s`,
      '—',
      '',
    ],
    [
      `Reactions accepted (acks ok; ${reactions.senders} senders, ${integer(reactions.offeredPerSecond)}/s offered ` +
        `for ${(load.sendWindowMs / 1000).toFixed(1)} s; ${load.refused} refused)`,
      `${integer(load.acceptedPerSecond)}/s`,
      '—',
      '',
    ],
    [
      `Messages delivered to ${integer(reactions.viewers)} viewers in one session ` +
        `(${integer(load.delivery.reactionStats)} reaction-stats + ${integer(load.delivery.newReactions)} new-reaction ` +
        `over ${(load.delivery.spanMs / 1000).toFixed(1)} s)`,
      `${integer(load.delivery.perSecond)}/s`,
      '≥ 30,000/s',
      verdict(load.delivery.perSecond >= 30_000),
    ],
    [
      `Latency, reaction sent → reaction-stats covering it at a viewer, p50 / p99 ` +
        `(${integer(load.latency.samples)} samples at ${integer(reactions.sampledViewers)} viewers; max ${ms(load.latency.maxMs)} ms)`,
      `${ms(load.latency.p50Ms)} / ${ms(load.latency.p99Ms)} ms`,
      'p99 < 100 ms',
      verdict(load.latency.p99Ms < 100),
    ],
    [
      'Lost reactions: acked ok / final reaction-stats total at every viewer / realtime live read',
      `${integer(load.acceptedOk)} / ${integer(load.finalTotalAtEveryViewer - reactions.baseTotal)} / ` +
        `${integer(reactions.liveTotal - reactions.baseTotal)} → ${integer(lost)} lost`,
      '0 lost',
      verdict(exact),
    ],
    [
      `Same frames (${integer(load.frames.length)}, at the same times) from a bare ws server to ` +
        `${integer(reactions.viewers)} ws clients; ours as a ratio`,
      `${integer(bareReplay.delivery.perSecond)}/s (ours ${replayRatio.toFixed(2)}×)`,
      '—',
      '',
    ],
    [
      `Fan-out ceiling, our service: ${ceiling.broadcasts} room broadcasts (${ceiling.frameBytes}-byte frame, ` +
        `via /internal/broadcast) at once to ${integer(ceiling.clients)} Socket.IO clients; ${cpuText(ceiling.ours.cpu)}`,
      `${integer(ceiling.ours.delivery.perSecond)}/s (one broadcast to all: ${integer(broadcastMs(ceiling.ours, ceiling.clients))} ms)`,
      '—',
      '',
    ],
    [
      `Fan-out ceiling, bare ws: the same frame ${ceiling.broadcasts} times to ${integer(ceiling.clients)} ws clients; ` +
        cpuText(ceiling.bare.cpu),
      `${integer(ceiling.bare.delivery.perSecond)}/s (one broadcast to all: ${integer(broadcastMs(ceiling.bare, ceiling.clients))} ms)`,
      '—',
      '',
    ],
    ['Throughput, ours as a ratio of bare ws (fan-out ceiling)', `${ceilingRatio.toFixed(2)}×`, '—', ''],
    ['CPU during the reaction load (percent of one core; the machine has 2)', cpuText(reactions.cpu), '—', ''],
    [
      'Event-loop delay during the reaction load, p99 / max (10 ms resolution)',
      `service ${ms(reactions.serviceEventLoopDelay.p99Ms)} / ${ms(reactions.serviceEventLoopDelay.maxMs)} ms, ` +
        `swarm ${ms(load.swarmEventLoopDelay.p99Ms)} / ${ms(load.swarmEventLoopDelay.maxMs)} ms`,
      '—',
      '',
    ],
  ];
  return markdownTable(['figure', 'measured', 'goal', 'result'], rows);
}

/** Scenario B under several room sizes and service settings, one row each. */
export function renderProfileTable(runs: ReactionsResult[]): string {
  return markdownTable(
    [
      'viewers in the room',
      'realtime settings',
      'delivered msgs/s',
      'reaction → stats p50 / p99',
      'ack p99',
      'service event-loop delay p99',
      'lost',
      'CPU service / swarm / API + PostgreSQL / other processes',
    ],
    runs.map((run) => [
      integer(run.viewers),
      run.label,
      integer(run.load.delivery.perSecond),
      `${ms(run.load.latency.p50Ms)} / ${ms(run.load.latency.p99Ms)} ms`,
      `${ms(run.load.ackLatency.p99Ms)} ms`,
      `${ms(run.serviceEventLoopDelay.p99Ms)} ms`,
      integer(lostReactions(run)),
      `${integer(run.cpu.byProcess.service)} / ${integer(run.cpu.byProcess.swarm)} / ` +
        `${integer(run.cpu.apiAndDatabase)} / ${integer(run.cpu.otherProcesses)} %`,
    ]),
  );
}

/** "CPU service 80 %, swarm 60 %, API + PostgreSQL 3 %, other processes 20 %" (percent of one core each). */
export function cpuText(cpu: CpuUsage<string>): string {
  const parts = Object.entries(cpu.byProcess).map(([name, percent]) => `${name} ${integer(percent)} %`);
  return `CPU ${[...parts, `API + PostgreSQL ${integer(cpu.apiAndDatabase)} %`, `other processes ${integer(cpu.otherProcesses)} %`].join(', ')}`;
}

export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] as number)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
