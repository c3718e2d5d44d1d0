// The commands `pnpm bench:ingest` sends its load generator (ingest-load-generator.ts) over Node's
// IPC channel, with the CommandChannel / serveCommands pair of bench/realtime/bench-protocol.ts.

/** One request as autocannon sends it, over and over; each connection cycles through a list of them. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** How a 202 is counted as events acknowledged after commit. */
export type Acknowledgement =
  /** Not a write: no event is acknowledged (the HTTP ceiling). */
  | 'none'
  /** `POST /api/track`: one event per 202, whose body must be `{ data: { id, occurredAt } }`. */
  | 'single'
  /** `POST /api/track/batch`: `data.stored` of each 202. */
  | 'batch';

export interface LoadRun {
  baseUrl: string;
  connections: number;
  durationSeconds: number;
  /** Split between the connections: each cycles through a slice of its own. */
  requests: LoadRequest[];
  acknowledgement: Acknowledgement;
  /** A request unanswered this long counts as a timeout (an error of the run). */
  timeoutSeconds: number;
}

export interface LatencyPercentiles {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LoadResult {
  connections: number;
  /** From the first request to the last response: the drain after the deadline is included. */
  elapsedMs: number;
  responses: number;
  /** Responses by HTTP status. */
  statusCounts: Record<string, number>;
  /** Connection errors and timeouts (autocannon's `errors`, timeouts included). */
  errors: number;
  timeouts: number;
  /** Events acknowledged with 202 (after commit). */
  acknowledgedEvents: number;
  /** 202s whose body was not what the contract says (a broken run). */
  unexpectedBodies: number;
  firstUnexpectedBody: string | null;
  /** Every response's latency, whatever its status. */
  latency: LatencyPercentiles;
  /** Requests still unanswered when the run stopped waiting (always 0 on a clean drain). */
  unanswered: number;
}

export interface ReadRun {
  baseUrl: string;
  token: string;
  /** Each path once as a warm-up, then `repetitions` rounds over all of them (round-robin, so no path is read twice in a row). */
  paths: string[];
  repetitions: number;
}

export interface ReadResult {
  /** Milliseconds of each measured request, per path (in the order of `paths`). */
  samplesMs: number[][];
  /** The last answer to each path's `data`, checked against featureAnalyticsSchema. */
  lastAnswers: unknown[];
  failures: string[];
}

export type IngestLoadGeneratorCommands = {
  /** A fixed-duration autocannon run that stops sending at the deadline and waits for every answer. */
  load: { params: LoadRun; result: LoadResult };
  /** Sequential GETs on one keep-alive connection, each timed from request to the last byte. */
  reads: { params: ReadRun; result: ReadResult };
};
