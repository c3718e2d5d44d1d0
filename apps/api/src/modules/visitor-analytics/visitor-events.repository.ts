import { createDeadlineStatements, dayPartitions, type PgPool } from '@showfloor/db';

/*
 * The write side of visitor history: a batch is one call of record_visitor_events (migration
 * 20261202081000_visitor_history) with array parameters, so the events, their dedup and their
 * sessions are one statement, one transaction, one round trip. Also the retention job's SQL.
 */

export interface VisitorEventRow {
  id: string;
  occurredAt: Date;
  site: string;
  name: string;
  visitorId: string;
  sessionId: string;
  page: string;
  referrer: string | null;
  country: string | null;
  device: string | null;
  browser: string | null;
  os: string | null;
  engagedMs: number | null;
  props: Record<string, unknown> | null;
}

export function createVisitorEventsRepository(pool: PgPool) {
  const runBefore = createDeadlineStatements(pool);
  const partitions = dayPartitions(pool, 'visitor_events');

  return {
    /** Stores the events not stored before and folds them into their sessions; returns the ids stored now. */
    async recordBatch(events: VisitorEventRow[], timeoutMs: number): Promise<Set<string>> {
      // As in feature analytics: the server cancels the statement before its callers are refused.
      const { rows } = await runBefore(timeoutMs, (client) =>
        client.query<{ stored: string[] }>(
          'SELECT record_visitor_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) AS stored',
          [
            events.map((event) => event.id),
            events.map((event) => event.occurredAt),
            events.map((event) => event.site),
            events.map((event) => event.name),
            events.map((event) => event.visitorId),
            events.map((event) => event.sessionId),
            events.map((event) => event.page),
            events.map((event) => event.referrer),
            events.map((event) => event.country),
            events.map((event) => event.device),
            events.map((event) => event.browser),
            events.map((event) => event.os),
            events.map((event) => event.engagedMs),
            events.map((event) => (event.props === null ? null : JSON.stringify(event.props))),
          ],
        ),
      );
      return new Set(rows[0]?.stored ?? []);
    },

    /** The raw table's day partitions whose whole day is before `day` (UTC, YYYY-MM-DD). */
    partitionsBefore: (day: string) => partitions.before(day),
    dropPartition: (name: string) => partitions.drop(name),

    /** Deletes up to `limit` sessions that ended before `day`; returns how many went. */
    async deleteSessionsBefore(day: string, limit: number): Promise<number> {
      const result = await pool.query(
        `DELETE FROM visitor_sessions WHERE ctid = ANY (ARRAY(
           SELECT ctid FROM visitor_sessions WHERE ended_at < $1::date::timestamp AT TIME ZONE 'UTC' LIMIT $2))`,
        [day, limit],
      );
      return result.rowCount ?? 0;
    },
  };
}

export type VisitorEventsRepository = ReturnType<typeof createVisitorEventsRepository>;
