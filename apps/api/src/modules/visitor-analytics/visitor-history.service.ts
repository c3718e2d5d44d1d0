import type {
  VisitorBreakdown,
  VisitorDimension,
  VisitorEventBatch,
  VisitorEventBatchResult,
  VisitorTimeseries,
  visitorBreakdownQuerySchema,
  visitorTimeseriesQuerySchema,
} from '@showfloor/contracts';
import type { z } from 'zod';
import { type Actor, assertAdmin } from '../../shared/authorization.ts';
import { type HistoryRange, previousHistoryRange, resolveHistoryRange } from './history-range.ts';
import { rollupsAnswer, type VisitorBreakdownsRepository } from './visitor-breakdowns.repository.ts';
import type { VisitorEventWriter } from './visitor-event-writer.ts';
import type { VisitorEventRow } from './visitor-events.repository.ts';
import type { HistoryScope, VisitorHistoryRepository } from './visitor-history.repository.ts';
import type { VisitorIndexRepository } from './visitor-index/visitor-index.repository.ts';
import { metricsCsv, metricsOf } from './visitor-metrics.ts';
import { bucketsFollowUtc, type VisitorRollupsRepository } from './visitor-rollups.repository.ts';

export type VisitorTimeseriesQuery = z.output<typeof visitorTimeseriesQuerySchema>;
export type VisitorBreakdownQuery = z.output<typeof visitorBreakdownQuerySchema>;

export interface VisitorHistoryServiceDeps {
  /** Unfiltered totals, and unfiltered timeseries whose buckets follow UTC's (exact). */
  rollups: VisitorRollupsRepository;
  /**
   * Breakdowns, timeseries with one filter where rollupsAnswer says so, and unfiltered timeseries
   * in zones whose buckets do not follow UTC's (visitors estimated).
   */
  breakdowns: VisitorBreakdownsRepository;
  /**
   * Everything else: the in-memory index where it holds the range (visitor-index/; visitors per
   * bucket or value estimated), else the raw rows under the read deadline.
   */
  index?: VisitorIndexRepository;
  repository: VisitorHistoryRepository;
  writer: VisitorEventWriter;
  now?: () => Date;
}

const refusal = 'Only admins can see visitor history';

interface RawReads {
  reads: VisitorIndexRepository | VisitorHistoryRepository;
  /** Visitors per bucket or value are estimates (the index's sketches). */
  estimated: boolean;
}

export function createVisitorHistoryService(deps: VisitorHistoryServiceDeps) {
  const { repository, rollups, breakdowns, writer } = deps;
  const now = deps.now ?? (() => new Date());

  /** What answers a read the rollups cannot: the index when it holds the range, else the raw rows. */
  async function rawReads(scope: HistoryScope): Promise<RawReads> {
    if (deps.index !== undefined && (await deps.index.covers(scope))) return { reads: deps.index, estimated: true };
    return { reads: repository, estimated: false };
  }

  const scopeOf = (query: VisitorTimeseriesQuery | VisitorBreakdownQuery, range: HistoryRange): HistoryScope => ({
    ...range,
    site: query.site ?? null,
    filters: query.filter,
  });

  /** The source of a timeseries' buckets, and whether their visitors are estimates. */
  async function bucketsOf(query: VisitorTimeseriesQuery, scope: HistoryScope, raw: RawReads | undefined) {
    // A filter the breakdown rollups cannot answer exactly needs the rows' attributes: the raw path.
    if (raw !== undefined) {
      return { buckets: await raw.reads.timeseries(scope, query.interval, query.tz), estimated: raw.estimated };
    }
    const cuts = await rollups.bucketStarts(scope, query.interval, query.tz);
    // One filter: the breakdown rollups of its dimension (visitors estimated). Unfiltered: exact
    // from the rollups where each bucket is one rollup row or whole UTC days; in a zone whose hours
    // or days are not UTC's, a bucket's exact visitors are a union of visitor arrays (too slow at
    // 10 M events), so they come from the sketches instead.
    if (scope.filters.length === 0 && bucketsFollowUtc(cuts, query.interval)) {
      return { buckets: await rollups.timeseries(scope, query.interval, query.tz, cuts), estimated: false };
    }
    return { buckets: await breakdowns.timeseries(scope, query.interval, query.tz, cuts), estimated: true };
  }

  async function series(query: VisitorTimeseriesQuery, range: HistoryRange) {
    const scope = scopeOf(query, range);
    const raw = rollupsAnswer(scope.filters, null, query.interval) ? undefined : await rawReads(scope);
    // Totals have one bucket, which the exact rollups count quickly in any zone when unfiltered.
    const totalsSource = raw?.reads ?? (scope.filters.length === 0 ? rollups : breakdowns);
    const [{ buckets, estimated }, totals] = await Promise.all([
      bucketsOf(query, scope, raw),
      totalsSource.totals(scope),
    ]);
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      buckets: buckets.map((bucket) => ({ bucket: bucket.bucket, ...metricsOf(bucket.counts) })),
      totals: metricsOf(totals),
      visitors_estimated: estimated,
    };
  }

  async function rows(query: VisitorBreakdownQuery, dimension: VisitorDimension, range: HistoryRange) {
    const scope = scopeOf(query, range);
    const raw = rollupsAnswer(scope.filters, dimension) ? undefined : await rawReads(scope);
    const found = await (raw?.reads ?? breakdowns).breakdown(scope, dimension, query.limit);
    const estimated = raw?.estimated ?? true;
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      rows: found.map((row) => ({ value: row.value, ...metricsOf(row.counts) })),
      visitors_estimated: estimated,
    };
  }

  return {
    /** The collector's accepted events, stored once each (by id) with their sessions. */
    async ingestBatch(batch: VisitorEventBatch): Promise<VisitorEventBatchResult> {
      const stored = await writer.write(
        batch.events.map(
          (event): VisitorEventRow => ({
            id: event.id,
            occurredAt: new Date(event.occurredAt),
            site: event.site,
            name: event.name,
            visitorId: event.visitorId,
            sessionId: event.sessionId,
            page: event.page,
            referrer: event.referrer,
            country: event.country,
            device: event.device,
            browser: event.browser,
            os: event.os,
            engagedMs: event.engagedMs,
            props: event.props,
          }),
        ),
      );
      return { received: batch.events.length, stored: stored.filter(Boolean).length };
    },

    async timeseries(caller: Actor, query: VisitorTimeseriesQuery): Promise<VisitorTimeseries> {
      assertAdmin(caller, refusal);
      const range = resolveHistoryRange(query, query.interval, now());
      const [current, previous] = await Promise.all([
        series(query, range),
        query.compare === 'previous' ? series(query, previousHistoryRange(range)) : undefined,
      ]);
      return { ...current, interval: query.interval, time_zone: query.tz, ...(previous ? { previous } : {}) };
    },

    async breakdown(
      caller: Actor,
      dimension: VisitorDimension,
      query: VisitorBreakdownQuery,
    ): Promise<VisitorBreakdown> {
      assertAdmin(caller, refusal);
      const range = resolveHistoryRange(query, 'day', now());
      const [current, previous] = await Promise.all([
        rows(query, dimension, range),
        query.compare === 'previous' ? rows(query, dimension, previousHistoryRange(range)) : undefined,
      ]);
      return { ...current, dimension, ...(previous ? { previous } : {}) };
    },

    /** `bucket,visitors,pageviews,sessions,bounce_rate,visit_duration` (the previous range is not included). */
    async timeseriesCsv(caller: Actor, query: VisitorTimeseriesQuery): Promise<string> {
      const { buckets } = await this.timeseries(caller, { ...query, compare: undefined });
      return metricsCsv(
        'bucket',
        buckets.map((bucket) => ({ label: bucket.bucket, metrics: bucket })),
      );
    },

    /** `value,visitors,…` for the breakdown's rows. */
    async breakdownCsv(caller: Actor, dimension: VisitorDimension, query: VisitorBreakdownQuery): Promise<string> {
      const breakdown = await this.breakdown(caller, dimension, { ...query, compare: undefined });
      return metricsCsv(
        'value',
        breakdown.rows.map((row) => ({ label: row.value, metrics: row })),
      );
    },
  };
}

export type VisitorHistoryService = ReturnType<typeof createVisitorHistoryService>;
