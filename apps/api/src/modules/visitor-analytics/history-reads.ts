import { ServiceUnavailableError } from '@showfloor/contracts';
import { createDeadlineStatements, type PgPool, type QueryResultRow } from '@showfloor/db';

/*
 * Every visitor history read runs under a statement deadline: a read the rollups cannot answer
 * (a combination of filters, a large raw range) scans raw events, and at 10 M events that can take
 * a minute. Past the deadline the server cancels it and the caller gets a 503 with Retry-After,
 * instead of a connection held (and a dashboard spinning) until it finishes.
 */

/** SQLSTATE 57014: the statement was cancelled (here, by statement_timeout). */
const queryCanceled = '57014';

export type HistoryQuery = <Row extends QueryResultRow>(sql: string, values: unknown[]) => Promise<{ rows: Row[] }>;

export function createHistoryReads(pool: PgPool, timeoutMs: number): HistoryQuery {
  const runBefore = createDeadlineStatements(pool);
  const retryAfterSeconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  return async function query<Row extends QueryResultRow>(sql: string, values: unknown[]) {
    const deadline = Date.now() + timeoutMs;
    try {
      return await runBefore(timeoutMs, (client) => client.query<Row>(sql, values));
    } catch (error) {
      const cancelled = (error as { code?: unknown }).code === queryCanceled;
      if (cancelled || Date.now() >= deadline) {
        throw new ServiceUnavailableError(
          `This visitor history read did not finish within ${timeoutMs} ms; try again shortly or narrow the filters or range`,
          retryAfterSeconds,
        );
      }
      throw error;
    }
  };
}
