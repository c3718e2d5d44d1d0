import type { VisitorDimension, VisitorInterval } from '@showfloor/contracts';
import type { HistoryQuery } from '../history-reads.ts';
import type { HistoryScope, MetricCounts } from '../visitor-history.repository.ts';
import { bucketStarts } from '../visitor-rollups.repository.ts';
import { estimateVisitors } from '../visitor-sketch.ts';
import type { VisitorIndex } from './visitor-index.ts';
import { type GroupFigures, registersAtLeast, type ScanScope, scanIndex } from './visitor-index-scan.ts';

/** The index as the reads see it: `fresh` brings it up to what PostgreSQL has committed. */
export interface VisitorIndexSource {
  readonly index: VisitorIndex;
  /** False when the index cannot answer now (still loading, or PostgreSQL did not answer). */
  fresh(): Promise<boolean>;
}

const minuteMs = 60_000;

const scanScope = (scope: HistoryScope): ScanScope => ({
  from: scope.from.getTime(),
  to: scope.to.getTime(),
  site: scope.site,
  filters: scope.filters,
});

function countsOf(figures: GroupFigures, group: number, visitors: number): MetricCounts {
  return {
    visitors,
    pageviews: figures.pageviews[group] as number,
    sessions: figures.sessions[group] as number,
    bounces: figures.bounces[group] as number,
    durationMs: figures.durationMs[group] as number,
  };
}

/** A group's visitors from its sketch, capped at its pageviews (every visitor counted had one). */
const estimatedCounts = (figures: GroupFigures, group: number): MetricCounts =>
  countsOf(
    figures,
    group,
    Math.min(figures.pageviews[group] as number, estimateVisitors(registersAtLeast(figures.sketches[group]))),
  );

/** C.UTF-8 order (the database's): code points, which UTF-16 comparison gets wrong past U+FFFF. */
function codePointOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * The raw reads (VisitorHistoryRepository's three) answered from the in-memory index, for a scope
 * `covers` accepts. Sums and range totals are exact; visitors per bucket or value are estimated.
 */
export function createVisitorIndexRepository(source: VisitorIndexSource, query: HistoryQuery) {
  /** Each bucket's label and the UTC instant it starts at (null: a wall-clock hour a DST change skips). */
  async function bucketsOf(scope: HistoryScope, interval: VisitorInterval, timeZone: string) {
    const cuts = await bucketStarts(query, scope, interval, timeZone);
    const { rows } = await query<{ bucket: string; starts: number | null }>(
      `WITH cuts AS (
         SELECT c, date_trunc($3::text, to_timestamp(c / 1000.0) AT TIME ZONE $4::text) AS label FROM unnest($5::float8[]) AS c
       ), firsts AS (SELECT label, min(c) AS starts FROM cuts GROUP BY label)
       SELECT to_char(s.label, 'YYYY-MM-DD"T"HH24:MI:SS') AS bucket, f.starts
       FROM generate_series(date_trunc($3::text, $1::timestamptz AT TIME ZONE $4::text),
                            date_trunc($3::text, ($2::timestamptz - interval '1 millisecond') AT TIME ZONE $4::text),
                            ('1 ' || $3::text)::interval) AS s(label)
       LEFT JOIN firsts f ON f.label = s.label
       ORDER BY s.label`,
      [scope.from, scope.to, interval, timeZone, [scope.from.getTime(), ...cuts]],
    );
    return rows;
  }

  return {
    /** Whether the index answers this scope now (it is fresh, and holds every day of the range). */
    async covers(scope: HistoryScope): Promise<boolean> {
      // The covered range only ever moves forward: what it does not hold now it will not after
      // catching up, and what it holds may have gone (a day past retention) when it has.
      const from = scope.from.getTime();
      return source.index.covers(from) && (await source.fresh()) && source.index.covers(from);
    },

    async timeseries(
      scope: HistoryScope,
      interval: VisitorInterval,
      timeZone: string,
    ): Promise<{ bucket: string; counts: MetricCounts }[]> {
      const buckets = await bucketsOf(scope, interval, timeZone);
      const firstMinute = Math.floor(scope.from.getTime() / minuteMs);
      const bucketOfMinute = new Int32Array(Math.ceil(scope.to.getTime() / minuteMs) - firstMinute);
      // Bucket starts are whole quarter hours (or the range's start), so a minute is in one bucket.
      const starts = buckets
        .map((bucket, position) => ({
          position,
          minute: bucket.starts === null ? null : Math.floor(bucket.starts / minuteMs),
        }))
        .filter((start): start is { position: number; minute: number } => start.minute !== null);
      for (let i = 0; i < starts.length; i++) {
        const { position, minute } = starts[i] as { position: number; minute: number };
        const end =
          i + 1 < starts.length ? (starts[i + 1] as { minute: number }).minute : firstMinute + bucketOfMinute.length;
        bucketOfMinute.fill(position, Math.max(0, minute - firstMinute), end - firstMinute);
      }
      const figures = await scanIndex(source.index, scanScope(scope), {
        kind: 'buckets',
        count: buckets.length,
        bucketOfMinute,
        firstMinute,
      });
      return buckets.map((bucket, position) => ({ bucket: bucket.bucket, counts: estimatedCounts(figures, position) }));
    },

    async totals(scope: HistoryScope): Promise<MetricCounts> {
      const figures = await scanIndex(source.index, scanScope(scope), { kind: 'total' });
      return countsOf(figures, 0, figures.visitors);
    },

    /** Figures per value of `dimension`: most visitors first, then pageviews, then sessions, then value. */
    async breakdown(
      scope: HistoryScope,
      dimension: VisitorDimension,
      limit: number,
    ): Promise<{ value: string | null; counts: MetricCounts }[]> {
      const { index } = source;
      const figures = await scanIndex(index, scanScope(scope), { kind: 'values', dimension });
      const found: { value: string | null; counts: MetricCounts }[] = [];
      for (let code = 0; code < figures.groups; code++) {
        if (figures.seen[code] === 1)
          found.push({ value: index.values.value(code), counts: estimatedCounts(figures, code) });
      }
      found.sort(
        (a, b) =>
          b.counts.visitors - a.counts.visitors ||
          b.counts.pageviews - a.counts.pageviews ||
          b.counts.sessions - a.counts.sessions ||
          (a.value === null ? (b.value === null ? 0 : 1) : b.value === null ? -1 : codePointOrder(a.value, b.value)),
      );
      return found.slice(0, limit);
    },
  };
}

export type VisitorIndexRepository = ReturnType<typeof createVisitorIndexRepository>;
