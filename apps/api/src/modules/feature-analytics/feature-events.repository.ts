import { ValidationError } from '@showfloor/contracts';
import { createDeadlineStatements, dayPartitions, type PgPool } from '@showfloor/db';
import { ClosedDayCache } from './closed-day-cache.ts';
import { clickCellsOf } from './feature-cells.ts';
import { chunkParameters, chunksFromWords, type PresenceChunk, type PresenceWord } from './presence-chunks.ts';

/*
 * The SQL of feature analytics. It speaks to PostgreSQL through a pg pool of its own rather than
 * Prisma: a batch is one call of record_feature_events (migration 20261202041822) with array
 * parameters, and the reads use bit strings and time zones Prisma does not model.
 */

export interface FeatureEventRow {
  id: string;
  occurredAt: Date;
  userId: string;
  userOrdinal: number;
  featureName: string;
  ageBand: number;
  gender: number;
  properties: Record<string, unknown> | null;
}

/** A rollup key: band and gender codes (feature-cells.ts), -1 for all. */
export interface Cell {
  band: number;
  gender: number;
}

/**
 * The instants a range covers, split the way the rollups are kept: whole UTC days in
 * [firstDay, endDay), plus at most one partial UTC day at each end ([startEdge.fromQuarter, 96) of
 * its day, and [0, endEdge.toQuarter) of its day) when the zone's midnight is not UTC's.
 */
export interface RangeParts {
  from: Date;
  to: Date;
  firstDay: string;
  endDay: string;
  startEdge: { day: string; fromQuarter: number } | null;
  endEdge: { day: string; toQuarter: number } | null;
}

export interface FeatureTotals {
  featureName: string;
  clicks: number;
  uniqueUsers: number;
}

const quarterMs = 900_000;
const dayMs = 86_400_000;

function utcDate(instant: number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/**
 * `latestEvent` is the latest instant any stored event can have: a partial UTC day at the end of
 * the range that is cut after it holds nothing past the cut, so it is read as a whole day (its
 * bitmaps and day rollup) — which is what makes a range ending today in a zone east of UTC cheap.
 */
function splitRange(from: Date, to: Date, latestEvent: Date): RangeParts {
  const fromDay = Math.floor(from.getTime() / dayMs) * dayMs;
  const toDay = Math.floor(to.getTime() / dayMs) * dayMs;
  const startAligned = fromDay === from.getTime();
  const endAligned = toDay === to.getTime();
  if (!startAligned && !endAligned && fromDay === toDay) {
    // A zone day inside one UTC day on both sides (a 23-hour day at an offset that is not whole
    // days from UTC): no zone has that today, and the spans could not answer it exactly.
    throw new Error(`range ${from.toISOString()}–${to.toISOString()} lies inside one UTC day`);
  }
  const endIsWholeDay = !endAligned && to.getTime() > latestEvent.getTime();
  return {
    from,
    to,
    firstDay: utcDate(startAligned ? fromDay : fromDay + dayMs),
    endDay: utcDate(endIsWholeDay ? toDay + dayMs : toDay),
    startEdge: startAligned
      ? null
      : { day: utcDate(fromDay), fromQuarter: Math.floor((from.getTime() - fromDay) / quarterMs) },
    endEdge:
      endAligned || endIsWholeDay
        ? null
        : { day: utcDate(toDay), toQuarter: Math.ceil((to.getTime() - toDay) / quarterMs) },
  };
}

/** Zones that are UTC by another name: their days are the whole-day rollups' days. */
const utcZones = new Set([
  'UTC',
  'Etc/UTC',
  'Etc/UCT',
  'UCT',
  'Etc/Universal',
  'Universal',
  'Etc/Zulu',
  'Zulu',
  'GMT',
  'Etc/GMT',
  'Etc/GMT0',
  'Etc/GMT+0',
  'Etc/GMT-0',
  'GMT0',
  'GMT+0',
  'GMT-0',
  'Etc/Greenwich',
  'Greenwich',
]);

export function createFeatureEventsRepository(pool: PgPool, options: { edgeCacheEntries?: number } = {}) {
  const knownPartitions = new Set<string>();
  const runBefore = createDeadlineStatements(pool);
  const partitions = dayPartitions(pool, 'feature_events');
  // Reading an edge day's spans is most of a read in a zone other than UTC (~50 ms at 20,000
  // active users); a day no event can reach any more gives the same words every time.
  const edgeCache = new ClosedDayCache<PresenceChunk[]>(options.edgeCacheEntries ?? 2_000);
  // A range whose every day is closed (the previous period of compare=previous, any range of the
  // past) has one answer: it is read once, then served from memory.
  const closedTotals = new ClosedDayCache<{ features: FeatureTotals[]; uniqueUsers: number }>(1_000);
  const closedDays = new ClosedDayCache<{ date: string; featureName: string; clicks: number }[]>(1_000);
  const lastDayOf = (parts: RangeParts) => utcDate(parts.to.getTime() - 1);

  /**
   * Who of a partial UTC day at a range's edge is in the range, as presence chunks: `from` a quarter
   * hour to the day's end (their last quarter is at or after it), or `until` one (their first
   * quarter is before it).
   */
  function edgeChunks(cell: Cell, side: 'from' | 'until', day: string, quarter: number): Promise<PresenceChunk[]> {
    return edgeCache.get(day, `${side}|${day}|${quarter}|${cell.band}|${cell.gender}`, async () => {
      const { rows } = await pool.query<PresenceWord>(
        `SELECT feature_name, user_ordinal >> 6 AS word, bit_or(1::bigint << (63 - (user_ordinal & 63)))::text AS bits
         FROM feature_user_spans
         WHERE day = $1::date AND ${side === 'from' ? 'last_quarter >= $2::smallint' : 'first_quarter < $2::smallint'}
           AND ($3 = -1 OR age_band = $3) AND ($4 = -1 OR gender = $4)
         GROUP BY feature_name, word`,
        [day, quarter, cell.band, cell.gender],
      );
      return chunksFromWords(rows);
    });
  }

  /** Clicks and exact unique users per feature, and the unique users of all features together. */
  async function readTotals(
    cell: Cell,
    parts: RangeParts,
  ): Promise<{ features: FeatureTotals[]; uniqueUsers: number }> {
    const clickCells = clickCellsOf(cell);
    const [clicks, startChunks, endChunks] = await Promise.all([
      pool.query<{ feature_name: string; clicks: string }>(
        `SELECT feature_name, sum(clicks)::text AS clicks FROM (
             SELECT feature_name, clicks FROM feature_click_days
             WHERE age_band = ANY ($1::smallint[]) AND gender = ANY ($2::smallint[]) AND day >= $3 AND day < $4
             UNION ALL
             SELECT feature_name, clicks FROM feature_click_quarters
             WHERE age_band = ANY ($1::smallint[]) AND gender = ANY ($2::smallint[])
               AND ((bucket >= $5 AND bucket < $6) OR (bucket >= $7 AND bucket < $8))
           ) AS parts GROUP BY feature_name`,
        [
          clickCells.bands,
          clickCells.genders,
          parts.firstDay,
          parts.endDay,
          parts.startEdge ? parts.from : null,
          parts.startEdge ? new Date(Date.parse(`${parts.startEdge.day}T00:00:00Z`) + dayMs) : null,
          parts.endEdge ? new Date(`${parts.endEdge.day}T00:00:00Z`) : null,
          parts.endEdge ? parts.to : null,
        ],
      ),
      parts.startEdge ? edgeChunks(cell, 'from', parts.startEdge.day, parts.startEdge.fromQuarter) : [],
      parts.endEdge ? edgeChunks(cell, 'until', parts.endEdge.day, parts.endEdge.toQuarter) : [],
    ]);
    const edges = chunkParameters(startChunks, endChunks);
    const users = await pool.query<{ feature_name: string | null; unique_users: number }>(
      // Whole days' bitmaps and the edges' chunks OR-ed per feature and chunk, then per chunk for
      // everyone: a user counts once however many days and features they were in.
      `WITH per_feature AS (
           SELECT feature_name, chunk, bit_or(users) AS users FROM (
             SELECT feature_name::text, chunk, users FROM feature_user_days
             WHERE age_band = $1 AND gender = $2 AND day >= $3 AND day < $4
             UNION ALL
             SELECT * FROM unnest($5::text[], $6::int[], $7::bit(4096)[])
           ) AS presence GROUP BY feature_name, chunk
         )
         SELECT feature_name, sum(bit_count(users))::int AS unique_users FROM per_feature GROUP BY feature_name
         UNION ALL
         SELECT NULL, coalesce(sum(bit_count(users)), 0)::int FROM (
           SELECT bit_or(users) AS users FROM per_feature GROUP BY chunk
         ) AS everyone`,
      [cell.band, cell.gender, parts.firstDay, parts.endDay, edges.features, edges.chunks, edges.users],
    );
    const uniqueByFeature = new Map(users.rows.map((row) => [row.feature_name, row.unique_users]));
    return {
      features: clicks.rows.map((row) => ({
        featureName: row.feature_name,
        clicks: Number(row.clicks),
        uniqueUsers: uniqueByFeature.get(row.feature_name) ?? 0,
      })),
      uniqueUsers: uniqueByFeature.get(null) ?? 0,
    };
  }

  /**
   * Clicks per calendar day of the zone, per feature (one feature when named). UTC reads whole-day
   * rollups; any other zone sums quarter hours by their date there.
   */
  async function readClicksPerDay(
    cell: Cell,
    parts: RangeParts,
    timeZone: string,
    featureName: string | null,
  ): Promise<{ date: string; featureName: string; clicks: number }[]> {
    const utc = utcZones.has(timeZone);
    const clickCells = clickCellsOf(cell);
    const { rows } = utc
      ? await pool.query<{ date: string; feature_name: string; clicks: string }>(
          `SELECT to_char(day, 'YYYY-MM-DD') AS date, feature_name, sum(clicks)::text AS clicks FROM feature_click_days
             WHERE age_band = ANY ($1::smallint[]) AND gender = ANY ($2::smallint[]) AND day >= $3 AND day < $4
               AND ($5::text IS NULL OR feature_name = $5)
             GROUP BY day, feature_name`,
          [clickCells.bands, clickCells.genders, parts.firstDay, parts.endDay, featureName],
        )
      : await pool.query<{ date: string; feature_name: string; clicks: string }>(
          `SELECT to_char((bucket AT TIME ZONE $6)::date, 'YYYY-MM-DD') AS date, feature_name, sum(clicks)::text AS clicks
             FROM feature_click_quarters
             WHERE age_band = ANY ($1::smallint[]) AND gender = ANY ($2::smallint[]) AND bucket >= $3 AND bucket < $4
               AND ($5::text IS NULL OR feature_name = $5)
             GROUP BY 1, 2`,
          [clickCells.bands, clickCells.genders, parts.from, parts.to, featureName, timeZone],
        );
    return rows.map((row) => ({ date: row.date, featureName: row.feature_name, clicks: Number(row.clicks) }));
  }

  return {
    /** One transaction: the events, their rollups and presence. Cancelled by the server after `timeoutMs`. */
    async recordBatch(events: FeatureEventRow[], spanChanges: boolean[], timeoutMs: number): Promise<void> {
      // Cancelled by the server before the requests waiting on it are refused (deadline-statement.ts).
      await runBefore(timeoutMs, (client) =>
        client.query('SELECT record_feature_events($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
          events.map((event) => event.id),
          events.map((event) => event.occurredAt),
          events.map((event) => event.userId),
          events.map((event) => event.userOrdinal),
          events.map((event) => event.featureName),
          events.map((event) => event.ageBand),
          events.map((event) => event.gender),
          events.map((event) => (event.properties === null ? null : JSON.stringify(event.properties))),
          spanChanges,
        ]),
      );
    },

    /** The benchmark's per-row baseline: one INSERT of the raw row per request, nothing else. */
    async insertOne(event: FeatureEventRow): Promise<void> {
      // A per-row backend has its table in place: the partition is made once per day, not per row.
      const day = utcDate(event.occurredAt.getTime());
      if (!knownPartitions.has(day)) {
        await pool.query('SELECT feature_events_partition($1::date)', [day]);
        knownPartitions.add(day);
      }
      await pool.query(
        `INSERT INTO feature_events (id, occurred_at, user_id, feature_name, age_band, gender, properties)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          event.id,
          event.occurredAt,
          event.userId,
          event.featureName,
          event.ageBand,
          event.gender,
          event.properties === null ? null : JSON.stringify(event.properties),
        ],
      );
    },

    /** The raw table's day partitions whose whole day is before `day` (UTC, YYYY-MM-DD). */
    partitionsBefore: (day: string) => partitions.before(day),
    dropPartition: (name: string) => partitions.drop(name),

    /** Deletes up to `limit` rollup rows of days before `day` from each rollup table; returns how many went. */
    async deleteRollupsBefore(day: string, limit: number): Promise<number> {
      let deleted = 0;
      for (const [table, column] of [
        ['feature_click_quarters', 'bucket'],
        ['feature_click_days', 'day'],
        ['feature_user_spans', 'day'],
        ['feature_user_days', 'day'],
      ] as const) {
        const result = await pool.query(
          `DELETE FROM ${table} WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${table} WHERE ${column} < $1::date LIMIT $2))`,
          [day, limit],
        );
        deleted += result.rowCount ?? 0;
      }
      return deleted;
    },

    /**
     * The instants of zone midnights at the start of `start` and the end of `end` (PostgreSQL's tz
     * data decides), split as the rollups are kept; `latestEvent`: no stored event is later.
     */
    async rangeParts(start: string, end: string, timeZone: string, latestEvent: Date): Promise<RangeParts> {
      const { rows } = await pool
        .query<{ from: Date; to: Date }>(
          `SELECT ($1::date)::timestamp AT TIME ZONE $3 AS "from", ($2::date + 1)::timestamp AT TIME ZONE $3 AS "to"`,
          [start, end, timeZone],
        )
        .catch((error: unknown) => {
          // A zone the runtime knows but this server's tz data does not (22023): the client's input, not a fault.
          if ((error as { code?: string }).code === '22023') {
            throw new ValidationError(`Unknown time zone: ${timeZone}`, [
              { field: 'tz', message: 'is not a time zone this server knows' },
            ]);
          }
          throw error;
        });
      const row = rows[0] as { from: Date; to: Date };
      return splitRange(row.from, row.to, latestEvent);
    },

    /** Clicks and exact unique users per feature, and the unique users of all features together. */
    totals(cell: Cell, parts: RangeParts): Promise<{ features: FeatureTotals[]; uniqueUsers: number }> {
      const key = `totals|${cell.band}|${cell.gender}|${parts.from.toISOString()}|${parts.to.toISOString()}`;
      return closedTotals.get(lastDayOf(parts), key, () => readTotals(cell, parts));
    },

    /**
     * Clicks per calendar day of the zone, per feature (one feature when named). UTC reads whole-day
     * rollups; any other zone sums quarter hours by their date there.
     */
    clicksPerDay(
      cell: Cell,
      parts: RangeParts,
      timeZone: string,
      featureName: string | null,
    ): Promise<{ date: string; featureName: string; clicks: number }[]> {
      const key = `days|${cell.band}|${cell.gender}|${parts.from.toISOString()}|${parts.to.toISOString()}|${timeZone}|${featureName ?? ''}`;
      return closedDays.get(lastDayOf(parts), key, () => readClicksPerDay(cell, parts, timeZone, featureName));
    },
  };
}

export type FeatureEventsRepository = ReturnType<typeof createFeatureEventsRepository>;
