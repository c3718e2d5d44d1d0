import type { VisitorDimension, VisitorFilter, VisitorInterval } from '@showfloor/contracts';
import type { HistoryQuery } from './history-reads.ts';
import { SqlParameters } from './sql-parameters.ts';

/*
 * The reads of visitor history, as SQL over the day-partitioned events (pruned by the range) and
 * the sessions table. The rules, which the tests check against a brute-force count of raw rows:
 * - pageview figures (visitors, pageviews) count `pageview` events inside [from, to);
 * - session figures (sessions, bounces, duration) count sessions that *started* inside [from, to)
 *   and have at least one pageview;
 * - a `page` filter is about events: a pageview counts when its page matches, a session when one of
 *   its pageviews does; every other dimension is the session's (its entry and exit page, and the
 *   referrer, country, device, browser and OS of its first event), and filters both.
 */

export interface MetricCounts {
  visitors: number;
  pageviews: number;
  sessions: number;
  bounces: number;
  durationMs: number;
}

export interface HistoryScope {
  from: Date;
  to: Date;
  site: string | null;
  filters: VisitorFilter[];
}

export const sessionColumns: Record<Exclude<VisitorDimension, 'page'>, string> = {
  entry_page: 'entry_page',
  exit_page: 'exit_page',
  referrer: 'referrer',
  country: 'country',
  device: 'device',
  browser: 'browser',
  os: 'os',
};

/** One filter on a column, the rule every read uses (rollup rows hold the same values). */
export function condition(column: string, filter: VisitorFilter, parameters: SqlParameters): string {
  const value = parameters.add(filter.value);
  if (filter.operator === 'is') return `${column} = ${value}`;
  if (filter.operator === 'is_not') return `${column} IS DISTINCT FROM ${value}`;
  // Case-insensitive substring; strpos, not LIKE, so `%` and `_` in a value are plain characters.
  return `strpos(lower(${column}), lower(${value})) > 0`;
}

function sessionConditions(alias: string, filters: VisitorFilter[], parameters: SqlParameters): string {
  return filters
    .filter((filter) => filter.dimension !== 'page')
    .map(
      (filter) =>
        ` AND ${condition(`${alias}.${sessionColumns[filter.dimension as keyof typeof sessionColumns]}`, filter, parameters)}`,
    )
    .join('');
}

function pageConditions(alias: string, filters: VisitorFilter[], parameters: SqlParameters): string {
  return filters
    .filter((filter) => filter.dimension === 'page')
    .map((filter) => ` AND ${condition(`${alias}.page`, filter, parameters)}`)
    .join('');
}

/**
 * The two filtered sets every read aggregates: `s`, the sessions, and `pv`, the pageviews (each
 * with `value`, the breakdown's dimension, when one is asked for).
 */
function filteredSets(scope: HistoryScope, parameters: SqlParameters, dimension: VisitorDimension | null): string {
  const from = parameters.add(scope.from);
  const to = parameters.add(scope.to);
  const site = parameters.add(scope.site);
  const hasPageFilter = scope.filters.some((filter) => filter.dimension === 'page');
  const hasSessionFilter = scope.filters.some((filter) => filter.dimension !== 'page');
  const sessionValue =
    dimension === null ? 'NULL::text' : dimension === 'page' ? 'pe.page' : `vs.${sessionColumns[dimension]}`;
  // A session's pageviews lie in [started_at, ended_at]; the lower bound on the range prunes partitions.
  const ownPageviews = (alias: string) =>
    `${alias}.site = vs.site AND ${alias}.session_id = vs.session_id AND ${alias}.name = 'pageview'
       AND ${alias}.occurred_at >= ${from} AND ${alias}.occurred_at >= vs.started_at AND ${alias}.occurred_at <= vs.ended_at`;
  const sessions =
    dimension === 'page'
      ? // One row per session and page it viewed: the page breakdown's sessions.
        `SELECT DISTINCT vs.site, vs.session_id, vs.started_at, vs.ended_at, vs.pageviews, pe.page AS value
         FROM visitor_sessions vs JOIN visitor_events pe ON ${ownPageviews('pe')}${pageConditions('pe', scope.filters, parameters)}`
      : `SELECT vs.started_at, vs.ended_at, vs.pageviews, ${sessionValue} AS value FROM visitor_sessions vs`;
  const sessionWhere = `vs.pageviews > 0 AND vs.started_at >= ${from} AND vs.started_at < ${to}
       AND (${site}::text IS NULL OR vs.site = ${site})${sessionConditions('vs', scope.filters, parameters)}${
         hasPageFilter && dimension !== 'page'
           ? ` AND EXISTS (SELECT 1 FROM visitor_events pe WHERE ${ownPageviews('pe')}${pageConditions('pe', scope.filters, parameters)})`
           : ''
       }`;
  const joinSessions = hasSessionFilter || (dimension !== null && dimension !== 'page');
  const pageviewValue =
    dimension === null ? 'NULL::text' : dimension === 'page' ? 'e.page' : `vs.${sessionColumns[dimension]}`;
  const pageviews = `SELECT e.occurred_at, e.visitor_id, ${pageviewValue} AS value FROM visitor_events e${
    joinSessions ? ' JOIN visitor_sessions vs ON vs.site = e.site AND vs.session_id = e.session_id' : ''
  }
       WHERE e.name = 'pageview' AND e.occurred_at >= ${from} AND e.occurred_at < ${to}
         AND (${site}::text IS NULL OR e.site = ${site})${pageConditions('e', scope.filters, parameters)}${
           joinSessions ? sessionConditions('vs', scope.filters, parameters) : ''
         }`;
  return `s AS (${sessions} WHERE ${sessionWhere}), pv AS (${pageviews})`;
}

interface CountsRow {
  visitors: number;
  pageviews: number;
  sessions: number;
  bounces: number;
  duration_ms: string;
}

const countsOf = (row: CountsRow): MetricCounts => ({
  visitors: row.visitors,
  pageviews: row.pageviews,
  sessions: row.sessions,
  bounces: row.bounces,
  durationMs: Number(row.duration_ms),
});

const sessionAggregates = `count(*)::int AS sessions, (count(*) FILTER (WHERE pageviews = 1))::int AS bounces,
  coalesce(sum(round(extract(epoch FROM ended_at - started_at) * 1000)), 0)::bigint AS duration_ms`;

/** `query` runs each read under the history deadline (history-reads.ts): a raw read can be slow. */
export function createVisitorHistoryRepository(query: HistoryQuery) {
  return {
    /** Per bucket of `interval` in `timeZone` (wall-clock), every bucket of the range, in order. */
    async timeseries(
      scope: HistoryScope,
      interval: VisitorInterval,
      timeZone: string,
    ): Promise<{ bucket: string; counts: MetricCounts }[]> {
      const parameters = new SqlParameters();
      const sets = filteredSets(scope, parameters, null);
      const unit = parameters.add(interval);
      const zone = parameters.add(timeZone);
      const local = (column: string) => `date_trunc(${unit}::text, ${column} AT TIME ZONE ${zone}::text)`;
      const { rows } = await query<CountsRow & { bucket: string }>(
        `WITH ${sets},
         buckets AS (
           SELECT generate_series(${local('$1::timestamptz')}, ${local("($2::timestamptz - interval '1 millisecond')")},
                                  ('1 ' || ${unit}::text)::interval) AS bucket
         ), pvb AS (
           SELECT ${local('occurred_at')} AS bucket, count(*)::int AS pageviews, count(DISTINCT visitor_id)::int AS visitors
           FROM pv GROUP BY 1
         ), sb AS (
           SELECT ${local('started_at')} AS bucket, ${sessionAggregates} FROM s GROUP BY 1
         )
         SELECT to_char(b.bucket, 'YYYY-MM-DD"T"HH24:MI:SS') AS bucket,
                coalesce(pvb.visitors, 0) AS visitors, coalesce(pvb.pageviews, 0) AS pageviews,
                coalesce(sb.sessions, 0) AS sessions, coalesce(sb.bounces, 0) AS bounces,
                coalesce(sb.duration_ms, 0)::text AS duration_ms
         FROM buckets b LEFT JOIN pvb ON pvb.bucket = b.bucket LEFT JOIN sb ON sb.bucket = b.bucket
         ORDER BY b.bucket`,
        parameters.values,
      );
      return rows.map((row) => ({ bucket: row.bucket, counts: countsOf(row) }));
    },

    /** The whole range's figures (visitors distinct over all of it). */
    async totals(scope: HistoryScope): Promise<MetricCounts> {
      const parameters = new SqlParameters();
      const sets = filteredSets(scope, parameters, null);
      const { rows } = await query<CountsRow>(
        `WITH ${sets}
         SELECT p.visitors, p.pageviews, q.sessions, q.bounces, q.duration_ms::text AS duration_ms
         FROM (SELECT count(DISTINCT visitor_id)::int AS visitors, count(*)::int AS pageviews FROM pv) p,
              (SELECT ${sessionAggregates} FROM s) q`,
        parameters.values,
      );
      return countsOf(rows[0] as CountsRow);
    },

    /** Figures per value of `dimension`: most visitors first, then pageviews, then sessions. */
    async breakdown(
      scope: HistoryScope,
      dimension: VisitorDimension,
      limit: number,
    ): Promise<{ value: string | null; counts: MetricCounts }[]> {
      const parameters = new SqlParameters();
      const sets = filteredSets(scope, parameters, dimension);
      const max = parameters.add(limit);
      const { rows } = await query<CountsRow & { value: string | null }>(
        `WITH ${sets}
         SELECT value, sum(visitors)::int AS visitors, sum(pageviews)::int AS pageviews, sum(sessions)::int AS sessions,
                sum(bounces)::int AS bounces, sum(duration_ms)::text AS duration_ms
         FROM (
           SELECT value, count(DISTINCT visitor_id) AS visitors, count(*) AS pageviews,
                  0 AS sessions, 0 AS bounces, 0 AS duration_ms
           FROM pv GROUP BY value
           UNION ALL
           SELECT value, 0, 0, ${sessionAggregates} FROM s GROUP BY value
         ) AS parts
         GROUP BY value
         ORDER BY 2 DESC, 3 DESC, 4 DESC, value ASC NULLS LAST
         LIMIT ${max}`,
        parameters.values,
      );
      return rows.map((row) => ({ value: row.value, counts: countsOf(row) }));
    },
  };
}

export type VisitorHistoryRepository = ReturnType<typeof createVisitorHistoryRepository>;
