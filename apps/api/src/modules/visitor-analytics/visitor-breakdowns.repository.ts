import type { VisitorDimension, VisitorFilter, VisitorInterval } from '@showfloor/contracts';
import type { HistoryQuery } from './history-reads.ts';
import { type CoverPiece, coverBuckets, coverSpan, quarterUnits } from './rollup-cover.ts';
import { SqlParameters } from './sql-parameters.ts';
import { condition, type HistoryScope, type MetricCounts, sessionColumns } from './visitor-history.repository.ts';
import { estimateVisitors } from './visitor-sketch.ts';

/*
 * Reads of the breakdown rollups (migration 20261202174541_visitor_breakdowns): per UTC quarter,
 * hour and day, per dimension and value, pageviews and session figures and a visitor sketch. A
 * range is covered by the largest whole units (rollup-cover.ts); its sub-quarter ends are read
 * from the raw rows with the same rules (visitor-history.repository.ts) and a sketch built the
 * same way. Sums are exact; visitors are HyperLogLog estimates (visitor-sketch.ts), capped at the
 * row's pageviews (every visitor counted had one).
 *
 * What they answer (`rollupsAnswer`): a breakdown with no filter or one filter on its own dimension
 * (it picks rows), and an hour or day timeseries with one filter — any operator on a session
 * dimension (a session has one value, so the matching values' rows are disjoint), only `is` on
 * `page` (a session that viewed two matching pages would count twice in a union). They also
 * answer the unfiltered hour or day timeseries of a zone whose buckets are not UTC's (the service
 * decides, with bucketsFollowUtc), from the `device` cells.
 */

const sketchSlices = 'visitor_sketch_slices(bit_or(visitors))';

interface CellRow {
  label: string;
  value: string | null;
  pageviews: string;
  sessions: string;
  bounces: string;
  duration_ms: string;
  slices: number[] | null;
}

const countsOf = (row: CellRow): MetricCounts => {
  const pageviews = Number(row.pageviews);
  return {
    visitors: Math.min(pageviews, estimateVisitors(row.slices)),
    pageviews,
    sessions: Number(row.sessions),
    bounces: Number(row.bounces),
    durationMs: Number(row.duration_ms),
  };
};

/** Whether the rollups answer this read exactly (but for visitors, estimated). */
export function rollupsAnswer(
  filters: VisitorFilter[],
  breakdown: VisitorDimension | null,
  interval?: VisitorInterval,
) {
  if (filters.length === 0) return true;
  if (filters.length > 1) return false;
  const [filter] = filters as [VisitorFilter];
  if (breakdown !== null) return filter.dimension === breakdown;
  return interval !== 'minute' && (filter.dimension !== 'page' || filter.operator === 'is');
}

/**
 * `cells (label, value, pageviews, sessions, bounces, duration_ms, visitors)` for `dimension` over
 * the pieces (each labelled by `label` of its start), only values that pass `filter`.
 */
function cellsSql(
  scope: HistoryScope,
  dimension: VisitorDimension,
  filter: VisitorFilter | undefined,
  pieces: CoverPiece[],
  parameters: SqlParameters,
  label: (instant: string) => string,
): string {
  const rollupPieces = pieces.filter((piece) => piece.kind !== 'raw');
  const kinds = parameters.add(rollupPieces.map((piece) => piece.kind));
  const starts = parameters.add(rollupPieces.map((piece) => new Date(piece.start)));
  const dimensionParameter = parameters.add(dimension);
  const site = parameters.add(scope.site);
  const ofSite = (alias: string) => `(${site}::text IS NULL OR ${alias}.site = ${site})`;
  const passes = (column: string) => (filter ? ` AND ${condition(column, filter, parameters)}` : '');
  const pageviewValue = dimension === 'page' ? 'e.page' : `vs.${sessionColumns[dimension]}`;
  // Each raw piece (a sub-quarter end) is its own subquery with its bounds as parameters, so the
  // planner prunes the events to one partition.
  const raw = pieces
    .filter((piece) => piece.kind === 'raw')
    .map((piece) => {
      const start = parameters.add(new Date(piece.start));
      const end = parameters.add(new Date(piece.end));
      const sessions =
        dimension === 'page'
          ? // A lateral lookup per session, bounded by the session's own span: the executor prunes the
            // events to its partitions (a join bounded below only probed every later day's partition).
            `SELECT vs.pageviews, vs.started_at, vs.ended_at, pages.page AS value
             FROM visitor_sessions vs CROSS JOIN LATERAL (
               SELECT DISTINCT pe.page FROM visitor_events pe
               WHERE pe.site = vs.site AND pe.session_id = vs.session_id AND pe.name = 'pageview'
                 AND pe.occurred_at >= vs.started_at AND pe.occurred_at <= vs.ended_at
             ) AS pages`
          : `SELECT vs.pageviews, vs.started_at, vs.ended_at, vs.${sessionColumns[dimension]} AS value FROM visitor_sessions vs`;
      return `SELECT ${label(`${start}::timestamptz`)} AS label, value, count(*) AS pageviews, 0 AS sessions, 0 AS bounces,
                0 AS duration_ms, visitor_sketch(array_agg(visitor_sketch_position(visitor_id))) AS visitors
         FROM (
           SELECT ${pageviewValue} AS value, e.visitor_id FROM visitor_events e
           ${dimension === 'page' ? '' : 'JOIN visitor_sessions vs ON vs.site = e.site AND vs.session_id = e.session_id'}
           WHERE e.name = 'pageview' AND e.occurred_at >= ${start} AND e.occurred_at < ${end} AND ${ofSite('e')}
         ) AS x
         WHERE true${passes('x.value')}
         GROUP BY value
         UNION ALL
         SELECT ${label(`${start}::timestamptz`)}, value, 0, count(*), count(*) FILTER (WHERE pageviews = 1),
                coalesce(sum(round(extract(epoch FROM ended_at - started_at) * 1000)), 0), NULL
         FROM (${sessions}
           WHERE vs.pageviews > 0 AND vs.started_at >= ${start} AND vs.started_at < ${end} AND ${ofSite('vs')}) AS s
         WHERE true${passes('s.value')}
         GROUP BY value`;
    });
  return `pieces AS (
      SELECT unit, bucket, ${label('bucket')} AS label FROM unnest(${kinds}::text[], ${starts}::timestamptz[]) AS p(unit, bucket)
    ), cells AS (
      SELECT p.label, b.value, b.pageviews::bigint, b.sessions::bigint, b.bounces::bigint, b.duration_ms, b.visitors
      FROM pieces p JOIN visitor_breakdowns b ON b.dimension = ${dimensionParameter} AND b.unit = p.unit AND b.bucket = p.bucket
      WHERE ${ofSite('b')}${passes('b.value')}
      ${raw.map((part) => `UNION ALL ${part}`).join('\n')}
    )`;
}

const summed = `sum(pageviews)::text AS pageviews, sum(sessions)::text AS sessions, sum(bounces)::text AS bounces,
  sum(duration_ms)::text AS duration_ms, ${sketchSlices} AS slices`;

export function createVisitorBreakdownsRepository(query: HistoryQuery) {
  /** One label's figures over the whole range, for a filter on `dimension`. */
  async function totals(scope: HistoryScope, filter: VisitorFilter): Promise<MetricCounts> {
    const parameters = new SqlParameters();
    const cells = cellsSql(
      scope,
      filter.dimension,
      filter,
      coverSpan(scope.from.getTime(), scope.to.getTime(), quarterUnits),
      parameters,
      () => `'epoch'::timestamp`,
    );
    const { rows } = await query<CellRow>(
      `WITH ${cells} SELECT 'total' AS label, NULL AS value, ${summed} FROM cells`,
      parameters.values,
    );
    return countsOf(rows[0] as CellRow);
  }

  return {
    /** As VisitorHistoryRepository.breakdown, where rollupsAnswer(filters, dimension). */
    async breakdown(
      scope: HistoryScope,
      dimension: VisitorDimension,
      limit: number,
    ): Promise<{ value: string | null; counts: MetricCounts }[]> {
      const parameters = new SqlParameters();
      const cells = cellsSql(
        scope,
        dimension,
        scope.filters[0],
        coverSpan(scope.from.getTime(), scope.to.getTime(), quarterUnits),
        parameters,
        () => `'epoch'::timestamp`,
      );
      // Ordered by value here, so a stable sort by the figures below breaks ties as the raw read does.
      const { rows } = await query<CellRow>(
        `WITH ${cells}
         SELECT 'total' AS label, value, ${summed} FROM cells GROUP BY value
         HAVING sum(pageviews) > 0 OR sum(sessions) > 0
         ORDER BY value ASC NULLS LAST`,
        parameters.values,
      );
      return rows
        .map((row) => ({ value: row.value, counts: countsOf(row) }))
        .sort(
          (a, b) =>
            b.counts.visitors - a.counts.visitors ||
            b.counts.pageviews - a.counts.pageviews ||
            b.counts.sessions - a.counts.sessions,
        )
        .slice(0, limit);
    },

    /**
     * As VisitorHistoryRepository.timeseries, where rollupsAnswer(filters, null, interval); `cuts`
     * from bucketStarts. Without a filter it reads the `device` cells: a session has one device
     * value (unknown included), so they hold every pageview and session once, and their sketches
     * every visitor.
     */
    async timeseries(
      scope: HistoryScope,
      interval: VisitorInterval,
      timeZone: string,
      cuts: number[],
    ): Promise<{ bucket: string; counts: MetricCounts }[]> {
      const filter = scope.filters[0];
      const pieces = coverBuckets(scope.from.getTime(), scope.to.getTime(), cuts, quarterUnits);
      const parameters = new SqlParameters();
      const unit = parameters.add(interval);
      const zone = parameters.add(timeZone);
      const local = (instant: string) => `date_trunc(${unit}::text, ${instant} AT TIME ZONE ${zone}::text)`;
      const cells = cellsSql(scope, filter?.dimension ?? 'device', filter, pieces, parameters, local);
      const from = parameters.add(scope.from);
      const to = parameters.add(scope.to);
      const { rows } = await query<CellRow>(
        `WITH ${cells}, buckets AS (
           SELECT generate_series(${local(`${from}::timestamptz`)}, ${local(`(${to}::timestamptz - interval '1 millisecond')`)},
                                  ('1 ' || ${unit}::text)::interval) AS bucket
         ), figures AS (SELECT label, ${summed} FROM cells GROUP BY label)
         SELECT to_char(b.bucket, 'YYYY-MM-DD"T"HH24:MI:SS') AS label, NULL AS value,
                coalesce(f.pageviews, '0') AS pageviews, coalesce(f.sessions, '0') AS sessions,
                coalesce(f.bounces, '0') AS bounces, coalesce(f.duration_ms, '0') AS duration_ms, f.slices
         FROM buckets b LEFT JOIN figures f ON f.label = b.bucket
         ORDER BY b.bucket`,
        parameters.values,
      );
      return rows.map((row) => ({ bucket: row.label, counts: countsOf(row) }));
    },

    /** As VisitorHistoryRepository.totals, where rollupsAnswer(filters, null). */
    totals: (scope: HistoryScope) => totals(scope, scope.filters[0] as VisitorFilter),
  };
}

export type VisitorBreakdownsRepository = ReturnType<typeof createVisitorBreakdownsRepository>;
