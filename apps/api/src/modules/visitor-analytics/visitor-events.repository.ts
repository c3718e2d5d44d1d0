import { createDeadlineStatements, dayPartitions, type PgPool, type PgPoolClient } from '@showfloor/db';

/*
 * The write side of visitor history: a batch is one call of record_visitor_events (migration
 * 20261202081000_visitor_history) with array parameters, so the events, their dedup and their
 * sessions are one statement, one transaction, one round trip. Also the retention job's SQL.
 */

/**
 * Runs `write` in a transaction that holds the visitor events' advisory lock, so batches from every
 * API process commit one after another and in the order of their events' `seq` (migration
 * 20261208000000_visitor_index_tail): the in-memory index follows the history by that number and
 * must never see seq N before the events numbered below it are committed.
 */
async function inSeqOrder<T>(client: PgPoolClient, write: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [visitorEventsLock]);
    const result = await write();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The advisory lock key of visitor event writes (any bigint no other lock uses). */
const visitorEventsLock = 7_301_482_614;

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
        inSeqOrder(client, () =>
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

    /** Deletes the rollup rows (migrations 20261202140734_visitor_rollups, 20261202174541_visitor_breakdowns) of UTC days before `day`; returns how many went. */
    async deleteRollupsBefore(day: string): Promise<number> {
      const { rows } = await pool.query<{ deleted: number }>(
        `WITH cutoff AS (SELECT $1::date::timestamp AT TIME ZONE 'UTC' AS at),
         minutes AS (DELETE FROM visitor_minutes WHERE minute < (SELECT at FROM cutoff) RETURNING 1),
         quarters AS (DELETE FROM visitor_quarter_visitors WHERE quarter < (SELECT at FROM cutoff) RETURNING 1),
         hours AS (DELETE FROM visitor_hour_visitors WHERE hour < (SELECT at FROM cutoff) RETURNING 1),
         days AS (DELETE FROM visitor_day_visitors WHERE day < $1::date RETURNING 1),
         breakdowns AS (DELETE FROM visitor_breakdowns WHERE bucket < (SELECT at FROM cutoff) RETURNING 1),
         stale AS (DELETE FROM visitor_breakdown_stale WHERE bucket < (SELECT at FROM cutoff) RETURNING 1)
         SELECT ((SELECT count(*) FROM minutes) + (SELECT count(*) FROM quarters) + (SELECT count(*) FROM hours)
                 + (SELECT count(*) FROM days) + (SELECT count(*) FROM breakdowns) + (SELECT count(*) FROM stale))::int AS deleted`,
        [day],
      );
      return rows[0]?.deleted ?? 0;
    },

    /**
     * Rebuilds up to `maxCells` breakdown sketches a later batch moved visitors out of (migration
     * 20261203153000_visitor_sketch_rebuilds); the number rebuilt, 0 when none are left.
     */
    async rebuildStaleSketches(maxCells: number): Promise<number> {
      const { rows } = await pool.query<{ cleared: number }>('SELECT visitor_breakdowns_rebuild_stale($1) AS cleared', [
        maxCells,
      ]);
      return rows[0]?.cleared ?? 0;
    },
  };
}

export type VisitorEventsRepository = ReturnType<typeof createVisitorEventsRepository>;
