// The one table `pnpm bench:visitors:live` prints: every figure, its ratio to the same run's
// baseline or the goal, PASS/MISS, the CPU split and the machine's load average.
import type { LoadResult } from '../api/ingest-protocol.ts';
import type { LatencySummary } from './bench-protocol.ts';
import { markdownTable } from './results-table.ts';
import type { DashboardReceipt } from './visitors-protocol.ts';

export const visitorGoals = {
  eventsPerSecond: 20_000,
  /** Single events/s over the same server's trivial route, same connections, same run. */
  ofCeiling: 0.5,
  bytesPerSession: 2_048,
} as const;

/** Percent of one core over the measured span, by process. */
export interface VisitorsCpu {
  realtime: number;
  api: number;
  postgres: number;
  loadGenerator: number;
  dashboard: number;
  /** Everything else the machine ran (this orchestrator included: it only waits). */
  other: number;
  /** CPU seconds the realtime process used over the span. */
  realtimeSeconds: number;
}

export interface LoadMeasured {
  label: string;
  connections: number;
  result: LoadResult;
  /** 2xx responses / s (requests for the ceiling, events for the collector). */
  perSecond: number;
  /** Events the service counted as accepted over the run (`/health` visitors.accepted, before → after). */
  acceptedByService: number;
  eventsPerRequest: number;
  cpu: VisitorsCpu;
  eventLoopDelay: LatencySummary;
  /** Load average (1 min) when the span ended. */
  loadAverage: number;
  dashboard?: DashboardReceipt & { seconds: number };
  /** Most events waiting in the realtime service's visitor-events outbox, sampled each second. */
  maxPendingForHistory?: number;
  /** Rows PostgreSQL gained while the load ran, per second. */
  storedPerSecondDuringLoad?: number;
}

export interface HistoryMeasured {
  accepted: number;
  stored: number;
  distinctIds: number;
  /** From the end of the last load to count(*) = accepted. */
  lagMs: number;
  /** Rows stored from the first accepted event to the last, per second. */
  rowsPerSecond: number;
  givenUp: number;
}

export interface MemoryMeasured {
  collected: boolean;
  liveSessions: number;
  evictions: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  loadAverage: number;
}

export interface VisitorsResults {
  idleEventLoopDelay: LatencySummary;
  ceiling: LoadMeasured;
  single: LoadMeasured;
  batch: LoadMeasured;
  memory: MemoryMeasured;
  history: HistoryMeasured;
}

const integer = (value: number) => Math.round(value).toLocaleString('en');
const ms = (value: number) => (Number.isNaN(value) ? '–' : value < 10 ? value.toFixed(1) : integer(value));
const ratio = (value: number, base: number) => (base === 0 ? '–' : `${(value / base).toFixed(2)}×`);
const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
/**
 * Realtime CPU per answered request (ceiling) or accepted event: the figure that other people's
 * load on a shared machine moves least, since it counts the service's own work, not its turns.
 */
export function cpuMicrosPerItem(measured: LoadMeasured): number {
  const items = okResponses(measured.result) * (measured.eventsPerRequest || 1);
  return (measured.cpu.realtimeSeconds / Math.max(items, 1)) * 1e6;
}

const cpuText = (cpu: VisitorsCpu) =>
  [cpu.realtime, cpu.api, cpu.postgres, cpu.loadGenerator, cpu.dashboard, cpu.other].map(integer).join(' / ');

export function bytesPerSession(memory: MemoryMeasured): number {
  return (memory.heapAfterBytes - memory.heapBeforeBytes) / Math.max(memory.liveSessions, 1);
}

/** 2xx and the rest, as `2xx 123 · other 0` (statuses named when there are others). */
function statusText(result: LoadResult): string {
  let ok = 0;
  const others: string[] = [];
  for (const [status, count] of Object.entries(result.statusCounts)) {
    if (status.startsWith('2')) ok += count;
    else others.push(`${status}: ${integer(count)}`);
  }
  const failures = result.errors + result.unanswered;
  const rest = others.length + failures === 0 ? 'other 0' : [...others, `errors ${integer(failures)}`].join(', ');
  return `2xx ${integer(ok)} · ${rest}`;
}

export function okResponses(result: LoadResult): number {
  return Object.entries(result.statusCounts)
    .filter(([status]) => status.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
}

/** Every 2xx counted by the service, and nothing else answered: the run measured the collector, not refusals. */
export function clean(measured: LoadMeasured): boolean {
  const ok = okResponses(measured.result);
  return (
    ok === measured.result.responses &&
    measured.result.errors === 0 &&
    measured.result.unanswered === 0 &&
    (measured.eventsPerRequest === 0 || ok * measured.eventsPerRequest === measured.acceptedByService)
  );
}

export function renderVisitorsTable(results: VisitorsResults): string {
  const { ceiling, single, batch, memory, history, idleEventLoopDelay } = results;
  const perSession = bytesPerSession(memory);
  const loadRow = (measured: LoadMeasured, figure: string, ratioText: string, pass: string) => [
    `${measured.label}, ${measured.connections} connections, ${statusText(measured.result)}`,
    figure,
    `${ms(measured.result.latency.p50Ms)} / ${ms(measured.result.latency.p99Ms)} ms`,
    ratioText,
    pass,
    cpuText(measured.cpu),
    measured.loadAverage.toFixed(2),
  ];
  const rows: string[][] = [
    loadRow(ceiling, `${integer(ceiling.perSecond)} req/s`, 'baseline', ''),
    loadRow(
      single,
      `${integer(single.perSecond)} events/s`,
      `${ratio(single.perSecond, visitorGoals.eventsPerSecond)} of 20,000/s; ${ratio(single.perSecond, ceiling.perSecond)} ceiling (goal ≥ 0.5×)`,
      verdict(
        clean(single) &&
          single.perSecond >= visitorGoals.eventsPerSecond &&
          single.perSecond >= visitorGoals.ofCeiling * ceiling.perSecond,
      ),
    ),
    loadRow(
      batch,
      `${integer(batch.perSecond)} events/s (${integer(batch.perSecond / batch.eventsPerRequest)} req/s)`,
      `${ratio(batch.perSecond, single.perSecond)} single; ${ratio(batch.perSecond, visitorGoals.eventsPerSecond)} of 20,000/s`,
      verdict(clean(batch) && batch.perSecond >= visitorGoals.eventsPerSecond),
    ),
    [
      `Memory per live session: heap ${memory.collected ? 'after forced GC' : '(no --expose-gc: not collected)'}, ` +
        `${integer(memory.liveSessions)} sessions held (${integer(memory.evictions)} evicted) minus before; ` +
        `RSS ${integer((memory.rssAfterBytes - memory.rssBeforeBytes) / 1_048_576)} MiB more`,
      `${integer(perSession)} B/session`,
      '',
      `${ratio(perSession, visitorGoals.bytesPerSession)} of 2 KB (goal ≤ 1×)`,
      verdict(memory.liveSessions >= 90_000 && perSession <= visitorGoals.bytesPerSession),
      '',
      memory.loadAverage.toFixed(2),
    ],
  ];
  const ceilingMicros = cpuMicrosPerItem(ceiling);
  for (const measured of [ceiling, single, batch]) {
    const micros = cpuMicrosPerItem(measured);
    rows.push([
      `Realtime CPU per ${measured.eventsPerRequest === 0 ? 'request' : 'event'}, ${measured.label}`,
      `${micros.toFixed(1)} µs`,
      '',
      measured === ceiling
        ? 'baseline'
        : `${ratio(micros, ceilingMicros)} a ceiling request (≤ 2× leaves room for 0.5×)`,
      '',
      '',
      measured.loadAverage.toFixed(2),
    ]);
  }
  const delayRow = (measured: LoadMeasured) => {
    const delay = measured.eventLoopDelay;
    return [
      `Realtime event-loop delay during ${measured.label} (idle before: p50 ${ms(idleEventLoopDelay.p50Ms)}, p99 ${ms(idleEventLoopDelay.p99Ms)} ms; 10 ms timer)`,
      `max ${ms(delay.maxMs)} ms`,
      `${ms(delay.p50Ms)} / ${ms(delay.p99Ms)} ms`,
      `p99 ${ratio(delay.p99Ms, idleEventLoopDelay.p99Ms)} idle`,
      '',
      '',
      measured.loadAverage.toFixed(2),
    ];
  };
  rows.push(delayRow(single), delayRow(batch));
  for (const measured of [single, batch]) {
    const dashboard = measured.dashboard;
    if (!dashboard) continue;
    const messages = Object.values(dashboard.messages).reduce((sum, count) => sum + count, 0);
    const byEvent = Object.entries(dashboard.messages)
      .map(([event, count]) => `${event} ${integer(count)}`)
      .join(', ');
    rows.push([
      `Dashboard on /visitors (admin token) during ${measured.label}: ${byEvent || 'nothing'}; ` +
        `feed carried ${integer(dashboard.feedEvents)} events, ${integer(dashboard.feedOmitted)} coalesced away`,
      `${(messages / dashboard.seconds).toFixed(1)} msgs/s`,
      '',
      `${ratio(messages / dashboard.seconds, measured.perSecond)} of events/s`,
      '',
      '',
      measured.loadAverage.toFixed(2),
    ]);
  }
  const lostOrDoubled = history.accepted - history.stored;
  rows.push(
    [
      `PostgreSQL visitor_events: rows/s from the first accepted event to the last stored ` +
        `(during the single-event load: ${integer(single.storedPerSecondDuringLoad ?? 0)}/s; ` +
        `outbox peak ${integer(Math.max(single.maxPendingForHistory ?? 0, batch.maxPendingForHistory ?? 0))} waiting)`,
      `${integer(history.rowsPerSecond)} rows/s`,
      '',
      `${ratio(history.rowsPerSecond, single.perSecond)} single events/s`,
      '',
      '',
      '',
    ],
    ['Lag: end of the last load → count(*) = accepted', `${integer(history.lagMs)} ms`, '', '', '', '', ''],
    [
      `History exact: accepted ${integer(history.accepted)}, stored ${integer(history.stored)}, ` +
        `distinct ids ${integer(history.distinctIds)}, given up ${integer(history.givenUp)}`,
      lostOrDoubled === 0 && history.distinctIds === history.stored
        ? 'none lost, none doubled'
        : `${lostOrDoubled} off`,
      '',
      'stored = accepted',
      verdict(lostOrDoubled === 0 && history.distinctIds === history.stored && history.givenUp === 0),
      '',
      '',
    ],
  );
  return markdownTable(
    [
      'measure',
      'figure',
      'p50 / p99',
      'ratio (goal)',
      'result',
      'CPU % of one core: realtime / API / PostgreSQL / load gen / dashboard / other',
      'load avg',
    ],
    rows,
  );
}
