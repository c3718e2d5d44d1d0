/*
 * Which failures mean "the database connection is gone, or no connection could be had in time" —
 * a restart, a failover, pg_terminate_backend, a full pool — as opposed to a bug or a bad query.
 * Those are answered 503 with Retry-After (the same request will work again shortly); everything
 * else stays a masked 500. Recognised by shape, so this package needs neither Prisma nor pg.
 *
 * The shapes were reproduced by terminating backends under load (apps/api/test/
 * database-connection-loss.test.ts). @prisma/adapter-pg 7 surfaces them as:
 *   - PrismaClientKnownRequestError (P1017, P2010, P2039…) whose `meta.driverAdapterError.cause`
 *     is `{ kind: 'postgres', code: '57P01' }` or `{ kind: 'ConnectionClosed' }`;
 *   - a bare DriverAdapterError with that `cause` (inside interactive transactions);
 *   - pg's own errors, unwrapped: "Connection terminated unexpectedly", "Client has encountered a
 *     connection error and is not queryable", "timeout exceeded when trying to connect" (pool).
 */

/** Prisma's own codes for an unreachable server, a lost connection and a pool timeout. */
const unavailablePrismaCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/** Driver-adapter error kinds for the same conditions. */
const unavailableAdapterKinds = new Set([
  'ConnectionClosed',
  'DatabaseNotReachable',
  'SocketTimeout',
  'TooManyConnections',
]);

/**
 * SQLSTATEs: 57P01 admin shutdown (pg_terminate_backend), 57P02 crash shutdown, 57P03 cannot
 * connect now (starting up or shutting down), 53300 too many connections, class 08 connection
 * exceptions.
 */
const unavailableSqlStates = new Set(['57P01', '57P02', '57P03', '53300']);

/** pg's messages for a dropped connection, a broken client and a pool that had none to give. */
const unavailableDriverMessages = [
  /^Connection terminated/,
  /connection error and is not queryable/,
  /^timeout exceeded when trying to connect/,
  // A database taken offline (ALLOW_CONNECTIONS false) refuses with SQLSTATE 55000, a code it shares with unrelated errors.
  /is not currently accepting connections/,
];

type ErrorLike = {
  name?: unknown;
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
};

function isUnavailableSqlState(code: unknown): boolean {
  return typeof code === 'string' && (unavailableSqlStates.has(code) || /^08[0-9A-Z]{3}$/.test(code));
}

function describesUnavailability(candidate: ErrorLike): boolean {
  if (typeof candidate.name === 'string' && candidate.name === 'PrismaClientInitializationError') return true;
  if (typeof candidate.code === 'string' && unavailablePrismaCodes.has(candidate.code)) return true;
  if (typeof candidate.kind === 'string' && unavailableAdapterKinds.has(candidate.kind)) return true;
  // pg errors and the adapter's `{ kind: 'postgres', code }` causes both carry the SQLSTATE as `code`.
  if (isUnavailableSqlState(candidate.code)) return true;
  const message = typeof candidate.message === 'string' ? candidate.message : '';
  return unavailableDriverMessages.some((pattern) => pattern.test(message));
}

/** True when `error`, or what it wraps, means the database is unreachable for now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const pending: unknown[] = [error];
  // Bounded: causes can be long or, in theory, circular.
  for (let steps = 0; steps < 8 && pending.length > 0; steps++) {
    const candidate = pending.shift();
    if (candidate === null || typeof candidate !== 'object') continue;
    const errorLike = candidate as ErrorLike;
    if (describesUnavailability(errorLike)) return true;
    pending.push(errorLike.cause, errorLike.meta?.driverAdapterError);
  }
  return false;
}
