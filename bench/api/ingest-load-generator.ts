// The load generator of `pnpm bench:ingest`, in its own process so it never shares an event loop
// (or a core's turn) with the API it measures. Writes and the ceiling are autocannon runs on
// keep-alive connections; reads are timed one at a time on one keep-alive connection. Driven by the
// orchestrator with the commands in ingest-protocol.ts.
import { Agent, request as httpRequest } from 'node:http';
import { restRoutes } from '@showfloor/contracts';
import autocannon from 'autocannon';
import { serveCommands } from '../realtime/bench-protocol.ts';
import type {
  IngestLoadGeneratorCommands,
  LatencyPercentiles,
  LoadResult,
  LoadRun,
  ReadResult,
  ReadRun,
} from './ingest-protocol.ts';

const { track, trackBatch, dashboard } = restRoutes.featureAnalytics;
/** Single-event bodies are checked against the contract one in this many (parsing all would load this process). */
const singleBodyCheckEvery = 50;
/** How long the drain after the deadline may take before the run is declared broken. */
const drainTimeoutSeconds = 60;

/** The parts of autocannon's per-connection client that a clean stop needs (not in its type definitions). */
interface AutocannonClient {
  reqsMade: number;
  responseMax: number | undefined;
  setRequests(requests: autocannon.Request[]): void;
}

function percentiles(samples: Float64Array): LatencyPercentiles {
  const sorted = samples.slice().sort();
  const at = (fraction: number) => sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
  return { samples: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted.at(-1) ?? Number.NaN };
}

/** A growable list of doubles: hundreds of thousands of latencies without boxing each one. */
class Samples {
  private values = new Float64Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

/**
 * autocannon stops a duration run by destroying its sockets, which would leave requests in flight
 * that the API may still commit: the rows would then outnumber the 202s counted. So the run is
 * given a generous duration and stopped here instead: at the deadline every connection is told it
 * has made its last request (`responseMax`), finishes the one in flight, and closes.
 */
function load(run: LoadRun): Promise<LoadResult> {
  const latencies = new Samples();
  const statusCounts: Record<string, number> = {};
  let acknowledgedEvents = 0;
  let unexpectedBodies = 0;
  let firstUnexpectedBody: string | null = null;
  let singleResponses = 0;
  let lastResponseAt = 0;
  const clients: AutocannonClient[] = [];

  const unexpected = (body: string) => {
    unexpectedBodies += 1;
    firstUnexpectedBody ??= body.slice(0, 300);
  };
  const onResponse = (status: number, body: string) => {
    if (status !== 202) return;
    if (run.acknowledgement === 'single') {
      acknowledgedEvents += 1;
      singleResponses += 1;
      if (singleResponses % singleBodyCheckEvery === 1 && !track.response.safeParse(safeJson(body)).success)
        unexpected(body);
    } else if (run.acknowledgement === 'batch') {
      const parsed = trackBatch.response.safeParse(safeJson(body));
      if (parsed.success) acknowledgedEvents += parsed.data.data.stored;
      else unexpected(body);
    }
  };
  const requests: autocannon.Request[] = run.requests.map((request) => ({
    method: request.method,
    path: request.path,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    // autocannon's types say the body is a Buffer; it hands over the text it accumulated.
    onResponse: (status: number, body: unknown) => onResponse(status, String(body)),
  }));

  // Each connection gets a slice of its own to cycle through (different users and features);
  // autocannon builds every request of a connection's list up front, so slices stay small.
  const perConnection = Math.max(1, Math.floor(requests.length / run.connections));
  const sliceFor = (index: number) =>
    Array.from(
      { length: perConnection },
      (_, position) => requests[(index * perConnection + position) % requests.length] as autocannon.Request,
    );

  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon(
      {
        url: run.baseUrl,
        connections: run.connections,
        duration: run.durationSeconds + drainTimeoutSeconds,
        timeout: run.timeoutSeconds,
        requests: sliceFor(0),
        setupClient(client) {
          const index = clients.length;
          clients.push(client as unknown as AutocannonClient);
          if (index > 0) (client as unknown as AutocannonClient).setRequests(sliceFor(index));
        },
      },
      (error, result) => {
        clearTimeout(deadline);
        if (error) {
          reject(error);
          return;
        }
        // Sent but never answered: cut by autocannon's own (safety) duration, or timed out.
        const sent = clients.reduce((sum, client) => sum + client.reqsMade, 0);
        const unanswered = sent - latencies.length;
        resolve({
          connections: run.connections,
          elapsedMs: (lastResponseAt || performance.now()) - started,
          responses: latencies.length,
          statusCounts,
          errors: result.errors,
          timeouts: result.timeouts,
          acknowledgedEvents,
          unexpectedBodies,
          firstUnexpectedBody,
          latency: percentiles(latencies.view()),
          unanswered,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      latencies.push(responseTimeMs);
      statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
      lastResponseAt = performance.now();
    });
    const deadline = setTimeout(() => {
      for (const client of clients) client.responseMax = Math.max(client.reqsMade, 1);
    }, run.durationSeconds * 1000);
  });
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** One GET on the kept-alive connection; resolves with the status, the body and the milliseconds to its last byte. */
function timedGet(
  agent: Agent,
  url: URL,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = httpRequest(url, { agent, headers, timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - started,
        }),
      );
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url.pathname}${url.search} timed out`)));
    request.on('error', reject);
    request.end();
  });
}

async function reads(run: ReadRun): Promise<ReadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const headers = { authorization: `Bearer ${run.token}`, accept: 'application/json' };
  const samplesMs = run.paths.map(() => [] as number[]);
  const lastAnswers: unknown[] = run.paths.map(() => null);
  const failures: string[] = [];
  try {
    for (let round = -1; round < run.repetitions; round++) {
      for (const [index, path] of run.paths.entries()) {
        const answer = await timedGet(agent, new URL(path, run.baseUrl), headers);
        if (answer.status !== 200) {
          failures.push(`${answer.status} on ${path}: ${answer.body.slice(0, 300)}`);
          continue;
        }
        // The warm-up round (-1) is checked too, but not timed.
        if (round >= 0) samplesMs[index]?.push(answer.ms);
        const parsed = dashboard.response.safeParse(safeJson(answer.body));
        if (!parsed.success) failures.push(`unexpected body on ${path}: ${parsed.error.message.slice(0, 300)}`);
        else lastAnswers[index] = parsed.data.data;
      }
    }
  } finally {
    agent.destroy();
  }
  return { samplesMs, lastAnswers, failures };
}

serveCommands<IngestLoadGeneratorCommands>({ load: async (run) => load(run), reads });
