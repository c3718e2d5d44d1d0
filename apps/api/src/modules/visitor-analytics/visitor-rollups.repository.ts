import type { VisitorInterval } from '@showfloor/contracts';
import type { HistoryQuery } from './history-reads.ts';
import { type CoverPiece, coverBuckets, coverSpan } from './rollup-cover.ts';
import { SqlParameters } from './sql-parameters.ts';
import type { HistoryScope, MetricCounts } from './visitor-history.repository.ts';

/*
 * Unfiltered history reads from the rollups (migration 20261202140734_visitor_rollups), with the
 * same rules as the raw reads in visitor-history.repository.ts (the tests compare the two):
 * pageviews and visitors by the pageview's instant, session figures by the session's start.
 * Sums come from the minute rows, plus the raw rows of a range's sub-minute edges. Distinct
 * visitors of a bucket are the union of the rows covering it (rollup-cover.ts): UTC-day bitmaps,
 * hour, quarter and minute arrays, raw pageviews at the edges; a bucket made of one array is that
 * array's length. The service reads timeseries here only where the buckets follow UTC's
 * (bucketsFollowUtc); the totals, one bucket, always.
 */

const minuteMs = 60_000;

interface FigureRow {
  label: string;
  visitors: string;
  pageviews: string;
  sessions: string;
  bounces: string;
  duration_ms: string;
}

const countsOf = (row: FigureRow | undefined): MetricCounts => ({
  visitors: Number(row?.visitors ?? 0),
  pageviews: Number(row?.pageviews ?? 0),
  sessions: Number(row?.sessions ?? 0),
  bounces: Number(row?.bounces ?? 0),
  durationMs: Number(row?.duration_ms ?? 0),
});

/**
 * The CTEs `sums (label, pageviews, sessions, bounces, duration_ms)` and
 * `visitor_counts (label, visitors)`, several rows a label, for the pieces given.
 */
function figureSets(
  scope: HistoryScope,
  pieces: CoverPiece[],
  parameters: SqlParameters,
  label: (instant: string) => string,
): string {
  // Raw pieces are at most the two sub-minute ends: each is its own subquery with its bounds as
  // parameters, so the planner prunes the events to one partition (a join on a pieces table would
  // plan every partition, which took longer than the read).
  const rollupPieces = pieces.filter((piece) => piece.kind !== 'raw');
  const rawPieces = pieces.filter((piece) => piece.kind === 'raw');
  const kinds = parameters.add(rollupPieces.map((piece) => piece.kind));
  const starts = parameters.add(rollupPieces.map((piece) => new Date(piece.start)));
  const ends = parameters.add(rollupPieces.map((piece) => new Date(piece.end)));
  const site = parameters.add(scope.site);
  const from = scope.from.getTime();
  const to = scope.to.getTime();
  const minuteFrom = Math.ceil(from / minuteMs) * minuteMs;
  const minuteTo = Math.max(minuteFrom, Math.floor(to / minuteMs) * minuteMs);
  const minutesFrom = parameters.add(new Date(minuteFrom));
  const minutesTo = parameters.add(new Date(minuteTo));
  const ofSite = (alias: string) => `(${site}::text IS NULL OR ${alias}.site = ${site})`;
  const arrays = (table: string, column: string, kind: string) =>
    `SELECT p.label, a.visitors FROM pieces p JOIN ${table} a ON a.${column} = p.start
     WHERE p.kind = '${kind}' AND ${ofSite('a')}`;
  const rawBounds = rawPieces.map((piece) => ({
    start: parameters.add(new Date(piece.start)),
    end: parameters.add(new Date(piece.end)),
  }));
  const rawPageviews =
    rawBounds
      .map(
        ({ start, end }) =>
          `SELECT ${label(`${start}::timestamptz`)} AS piece_label, e.visitor_id FROM visitor_events e
           WHERE e.occurred_at >= ${start} AND e.occurred_at < ${end} AND e.name = 'pageview' AND ${ofSite('e')}`,
      )
      .join(' UNION ALL ') || 'SELECT NULL::timestamp AS piece_label, NULL::text AS visitor_id WHERE false';
  const rawSessions =
    rawBounds
      .map(
        ({ start, end }) =>
          `SELECT ${label(`${start}::timestamptz`)} AS label, 0, count(*), count(*) FILTER (WHERE s.pageviews = 1),
                  coalesce(sum(round(extract(epoch FROM s.ended_at - s.started_at) * 1000)), 0)
           FROM visitor_sessions s
           WHERE s.started_at >= ${start} AND s.started_at < ${end} AND s.pageviews > 0 AND ${ofSite('s')}`,
      )
      .join(' UNION ALL ') || 'SELECT NULL::timestamp, 0, 0, 0, 0 WHERE false';
  return `pieces AS (
      SELECT kind, start, finish, ${label('start')} AS label
      FROM unnest(${kinds}::text[], ${starts}::timestamptz[], ${ends}::timestamptz[]) AS p(kind, start, finish)
    ), raw_pageviews AS (${rawPageviews}
    ), sums AS (
      SELECT ${label('m.minute')} AS label, sum(m.pageviews) AS pageviews, sum(m.sessions) AS sessions,
             sum(m.bounces) AS bounces, sum(m.duration_ms) AS duration_ms
      FROM visitor_minutes m WHERE m.minute >= ${minutesFrom} AND m.minute < ${minutesTo} AND ${ofSite('m')}
      GROUP BY 1
      UNION ALL
      SELECT piece_label, count(*), 0, 0, 0 FROM raw_pageviews GROUP BY 1
      UNION ALL
      ${rawSessions}
    ), arrays AS (
      ${arrays('visitor_minutes', 'minute', 'minute')}
      UNION ALL ${arrays('visitor_quarter_visitors', 'quarter', 'quarter')}
      UNION ALL ${arrays('visitor_hour_visitors', 'hour', 'hour')}
      UNION ALL
      SELECT r.piece_label, array_agg(DISTINCT o.ordinal) FROM raw_pageviews r
      JOIN visitor_ordinals o ON o.visitor_id = r.visitor_id GROUP BY 1
    ), day_bits AS (
      SELECT p.label, d.chunk, bit_or(d.visitors) AS bits FROM pieces p
      JOIN visitor_day_visitors d ON d.day = (p.start AT TIME ZONE 'UTC')::date
      WHERE p.kind = 'day' AND ${ofSite('d')}
      GROUP BY 1, 2
    ), singles AS (
      SELECT label FROM arrays GROUP BY label HAVING count(*) = 1
      EXCEPT SELECT label FROM day_bits
    ), visitor_counts AS (
      SELECT a.label, cardinality(a.visitors)::bigint AS visitors FROM arrays a JOIN singles USING (label)
      UNION ALL
      SELECT label, sum(bit_count(bits)) FROM day_bits GROUP BY label
      UNION ALL
      -- Ordinals not already in the label's day bitmaps, counted once.
      SELECT x.label, count(DISTINCT x.ordinal)
      FROM (SELECT a.label, unnest(a.visitors) AS ordinal FROM arrays a WHERE a.label NOT IN (SELECT label FROM singles)) AS x
      LEFT JOIN day_bits d ON d.label = x.label AND d.chunk = x.ordinal >> 12
      WHERE d.bits IS NULL OR get_bit(d.bits, x.ordinal & 4095) = 0
      GROUP BY x.label
    )`;
}

const figureColumns = `coalesce(v.visitors, 0)::text AS visitors, coalesce(s.pageviews, 0)::text AS pageviews,
  coalesce(s.sessions, 0)::text AS sessions, coalesce(s.bounces, 0)::text AS bounces, coalesce(s.duration_ms, 0)::text AS duration_ms`;
const summedSums = `SELECT label, sum(pageviews) AS pageviews, sum(sessions) AS sessions, sum(bounces) AS bounces,
  sum(duration_ms) AS duration_ms FROM sums GROUP BY label`;
const summedVisitors = 'SELECT label, sum(visitors) AS visitors FROM visitor_counts GROUP BY label';

const unitMs: Record<VisitorInterval, number> = { minute: minuteMs, hour: 3_600_000, day: 86_400_000 };

/**
 * Whether every bucket boundary is a UTC boundary of the interval's unit (UTC, whole-hour zones
 * for hours, a zone at UTC's offset for days). Then a bucket is one rollup row, or whole UTC days,
 * and its distinct visitors are cheap to count exactly; otherwise (Kathmandu hours, New York days)
 * each is a union of visitor arrays, which at 10 M events is too slow to answer exactly.
 */
export function bucketsFollowUtc(cuts: number[], interval: VisitorInterval): boolean {
  return cuts.every((cut) => cut % unitMs[interval] === 0);
}

/** The instants inside the range where the zone's bucket changes (all fall on quarter hours). */
export async function bucketStarts(
  query: HistoryQuery,
  scope: HistoryScope,
  interval: VisitorInterval,
  timeZone: string,
): Promise<number[]> {
  if (interval === 'minute') {
    const starts: number[] = [];
    for (let at = Math.ceil(scope.from.getTime() / minuteMs) * minuteMs; at < scope.to.getTime(); at += minuteMs) {
      starts.push(at);
    }
    return starts;
  }
  const { rows } = await query<{ at: number }>(
    `SELECT (extract(epoch FROM q) * 1000)::float8 AS at FROM (
       SELECT q, date_trunc($3::text, q AT TIME ZONE $4::text) AS label,
              lag(date_trunc($3::text, q AT TIME ZONE $4::text)) OVER (ORDER BY q) AS previous
       FROM generate_series(date_bin('15 minutes', $1::timestamptz, TIMESTAMPTZ '2000-01-01 00:00:00+00'),
                            $2::timestamptz, interval '15 minutes') AS q
     ) AS quarters WHERE previous IS NOT NULL AND previous <> label`,
    [scope.from, scope.to, interval, timeZone],
  );
  return rows.map((row) => row.at);
}

export function createVisitorRollupsRepository(query: HistoryQuery) {
  return {
    /** bucketStarts for this scope: the cuts the timeseries reads take. */
    bucketStarts: (scope: HistoryScope, interval: VisitorInterval, timeZone: string) =>
      bucketStarts(query, scope, interval, timeZone),

    /** As VisitorHistoryRepository.timeseries, for a scope without filters; `cuts` from bucketStarts. */
    async timeseries(
      scope: HistoryScope,
      interval: VisitorInterval,
      timeZone: string,
      cuts: number[],
    ): Promise<{ bucket: string; counts: MetricCounts }[]> {
      const pieces = coverBuckets(scope.from.getTime(), scope.to.getTime(), cuts);
      const parameters = new SqlParameters();
      const unit = parameters.add(interval);
      const zone = parameters.add(timeZone);
      const local = (instant: string) => `date_trunc(${unit}::text, ${instant} AT TIME ZONE ${zone}::text)`;
      const sets = figureSets(scope, pieces, parameters, local);
      const from = parameters.add(scope.from);
      const to = parameters.add(scope.to);
      const { rows } = await query<FigureRow>(
        `WITH ${sets}, buckets AS (
           SELECT generate_series(${local(`${from}::timestamptz`)}, ${local(`(${to}::timestamptz - interval '1 millisecond')`)},
                                  ('1 ' || ${unit}::text)::interval) AS bucket
         )
         SELECT to_char(b.bucket, 'YYYY-MM-DD"T"HH24:MI:SS') AS label, ${figureColumns}
         FROM buckets b LEFT JOIN (${summedSums}) s ON s.label = b.bucket LEFT JOIN (${summedVisitors}) v ON v.label = b.bucket
         ORDER BY b.bucket`,
        parameters.values,
      );
      return rows.map((row) => ({ bucket: row.label, counts: countsOf(row) }));
    },

    /** As VisitorHistoryRepository.totals, for a scope without filters. */
    async totals(scope: HistoryScope): Promise<MetricCounts> {
      const parameters = new SqlParameters();
      const sets = figureSets(
        scope,
        coverSpan(scope.from.getTime(), scope.to.getTime()),
        parameters,
        () => `'epoch'::timestamp`,
      );
      const { rows } = await query<FigureRow>(
        `WITH ${sets}
         SELECT 'total' AS label, ${figureColumns}
         FROM (SELECT 'epoch'::timestamp AS label) AS t
         LEFT JOIN (${summedSums}) s ON s.label = t.label LEFT JOIN (${summedVisitors}) v ON v.label = t.label`,
        parameters.values,
      );
      return countsOf(rows[0]);
    },
  };
}

export type VisitorRollupsRepository = ReturnType<typeof createVisitorRollupsRepository>;
