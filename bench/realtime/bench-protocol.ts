// How the orchestrator drives its child processes: typed commands over Node's IPC channel, one
// reply per command. The command maps below are the whole contract between the processes.
import type { ChildProcess } from 'node:child_process';

type CommandMap = Record<string, { params: unknown; result: unknown }>;

interface CommandRequest {
  id: number;
  name: string;
  params: unknown;
}

type CommandReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** A frame the realtime service sent a viewer, as the bytes on the wire and when it arrived. */
export interface RecordedFrame {
  /** Milliseconds after the first reaction was sent. */
  atMs: number;
  /** The WebSocket text frame: Engine.IO `4` + Socket.IO `2["event",payload]`. */
  data: string;
}

export interface LatencySummary {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Messages counted at the receiving clients over a span that starts when the sending starts. */
export interface DeliveryResult {
  delivered: number;
  expected: number;
  /** From the start of sending to the last message received. */
  spanMs: number;
  perSecond: number;
}

export interface ReactionLoadResult {
  sent: number;
  acceptedOk: number;
  refused: number;
  refusalCodes: Record<string, number>;
  sendWindowMs: number;
  acceptedPerSecond: number;
  /** reaction-stats + new-reaction received by every viewer socket (senders excluded). */
  delivery: DeliveryResult & { reactionStats: number; newReactions: number };
  /** Send → a reaction-stats whose total covers it, at the sampled viewers. */
  latency: LatencySummary;
  ackLatency: LatencySummary;
  /** How late the swarm's own event loop ran meanwhile: a lagging client inflates the latencies above. */
  swarmEventLoopDelay: LatencySummary;
  /** The smallest last `total` any viewer saw (every viewer ends on the same value when none is lost). */
  finalTotalAtEveryViewer: number;
  /** Viewers whose last `total` is not the reactions accepted (0 when none is lost or shown twice). */
  disagreeingViewers: number;
  /** What one viewer received, for the bare-ws replay. */
  frames: RecordedFrame[];
}

export type LoadGeneratorCommands = {
  /** Socket.IO guests (each with its own guestId) that connect and join, `perSession` per session. */
  'connect-viewers': {
    params: { url: string; sessionIds: string[]; perSession: number; concurrency: number; role: 'viewer' | 'sender' };
    result: { joined: number; failed: number; firstError: string | null; elapsedMs: number };
  };
  'count-connected': { params: Record<string, never>; result: { viewers: number; senders: number; dropped: number } };
  /**
   * Waits until every client (viewers and senders) last heard `viewer-count` = `expected`, or the
   * timeout: how many agree, and the range of what the others last heard.
   */
  'viewer-count-agreement': {
    params: { expected: number; timeoutMs: number };
    result: { clients: number; agreeing: number; lowest: number; highest: number; elapsedMs: number };
  };
  /** Senders emit `ratePerSecond` reactions for `durationMs`; viewers count and time what arrives. */
  'send-reactions': {
    params: {
      sessionId: string;
      ratePerSecond: number;
      durationMs: number;
      /** The session's reaction total before the first one is sent. */
      baseTotal: number;
      /** Every n-th viewer measures latency. */
      sampleEvery: number;
      settleTimeoutMs: number;
    };
    result: ReactionLoadResult;
  };
  /**
   * `broadcasts` room events at once through the service's internal broadcast route (the path the
   * API's chat moderation uses: `message-deleted`); every viewer must receive each one.
   */
  'broadcast-burst': {
    params: { url: string; internalApiKey: string; sessionId: string; broadcasts: number; timeoutMs: number };
    result: DeliveryResult & { frame: string };
  };
  'disconnect-all': { params: Record<string, never>; result: { closed: number } };
  'connect-ws-clients': {
    params: { url: string; count: number; concurrency: number };
    result: { connected: number; failed: number; firstError: string | null; elapsedMs: number };
  };
  /** Counts what the bare clients receive from `startAt` (epoch ms) until `expectedPerClient` each. */
  'count-ws-messages': {
    params: { startAt: number; expectedPerClient: number; timeoutMs: number };
    result: DeliveryResult;
  };
  /** One bare client sends `go`; the server answers with a burst every client counts. */
  'ws-burst': { params: { expectedPerClient: number; timeoutMs: number }; result: DeliveryResult };
  'close-ws-clients': { params: Record<string, never>; result: { closed: number } };
};

export type BareWsServerCommands = {
  listen: { params: Record<string, never>; result: { port: number } };
  'client-count': { params: Record<string, never>; result: { clients: number } };
  /** Broadcasts each frame to every client at `startAt + atMs` (epoch ms). */
  replay: {
    params: { frames: RecordedFrame[]; startAt: number };
    result: { broadcasts: number; clients: number; maxLateMs: number };
  };
  /** On the next `go` from a client, broadcasts `frame` `count` times, one broadcast per turn of the event loop. */
  'arm-burst': { params: { frame: string; count: number }; result: { armed: true } };
};

export type ServiceProbeCommands = {
  /** The realtime service's event-loop delay since the last reset (timer resolution 10 ms). */
  'event-loop-delay': { params: { reset: boolean }; result: LatencySummary };
  /** Heap in use, after two full collections when the service runs with --expose-gc (`collected`). */
  heap: { params: Record<string, never>; result: { collected: boolean; heapUsedBytes: number; rssBytes: number } };
  /** The V8 CPU profiler over a span the benchmark chooses; stopping writes a `.cpuprofile` (DevTools, speedscope). */
  'start-cpu-profile': { params: Record<string, never>; result: { started: true } };
  'stop-cpu-profile': { params: { path: string }; result: { path: string } };
};

/** Parent side: calls commands in a forked child; a child that exits fails whatever is pending. */
export class CommandChannel<Commands extends CommandMap> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor(
    readonly child: ChildProcess,
    private readonly label: string,
  ) {
    child.on('message', (message) => {
      const reply = message as CommandReply;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new Error(`${label}: ${reply.error}`));
    });
    child.once('exit', (code, signal) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`${label} exited (${signal ?? code})`));
      this.pending.clear();
    });
  }

  call<Name extends keyof Commands & string>(
    name: Name,
    params: Commands[Name]['params'],
  ): Promise<Commands[Name]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const request: CommandRequest = { id, name, params };
      this.child.send(request, (error) => {
        if (!error) return;
        this.pending.delete(id);
        reject(new Error(`${this.label}: could not send ${name}: ${error.message}`));
      });
    });
  }
}

type CommandHandlers<Commands extends CommandMap> = {
  [Name in keyof Commands]: (params: Commands[Name]['params']) => Promise<Commands[Name]['result']>;
};

/** Child side: answers the parent's commands; exits when the parent goes away. */
export function serveCommands<Commands extends CommandMap>(handlers: CommandHandlers<Commands>): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('this process must be started by the benchmark (fork with an IPC channel)');
  process.on('message', (message) => {
    const request = message as CommandRequest;
    const handler = handlers[request.name as keyof Commands];
    const reply = (body: CommandReply) => send(body);
    if (!handler) {
      reply({ id: request.id, ok: false, error: `unknown command ${request.name}` });
      return;
    }
    handler(request.params as Commands[keyof Commands]['params']).then(
      (result) => reply({ id: request.id, ok: true, result }),
      (error: unknown) =>
        reply({
          id: request.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
    );
  });
  // The orchestrator is gone (finished, interrupted or killed): nothing left to serve.
  process.on('disconnect', () => process.exit(0));
}

/** Nearest-rank percentiles of a list of durations. */
export function summarizeLatency(samples: Float64Array): LatencySummary {
  const sorted = samples.slice().sort();
  const at = (fraction: number) => sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
  return { samples: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted.at(-1) ?? Number.NaN };
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
