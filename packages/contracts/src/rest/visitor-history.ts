import { z } from 'zod';
import { decimalIntegerQuery } from './query-numbers.ts';
import { textSchema } from './text.ts';
import { timeZoneSchema } from './time-zone.ts';

/*
 * Seed 002's history, read from the API: visitors, pageviews, sessions, bounce rate and visit
 * duration over time (`GET /api/visitors/timeseries`) and by one dimension
 * (`GET /api/visitors/breakdown/:dimension`), with the same filters on both. Admins only.
 */

export const visitorIntervalSchema = z.enum(['minute', 'hour', 'day']);
export type VisitorInterval = z.infer<typeof visitorIntervalSchema>;

/** The longest range per interval, in hours: at most a few thousand buckets a request. */
export const visitorRangeMaxHours: Record<VisitorInterval, number> = {
  minute: 48,
  hour: 93 * 24,
  day: 732 * 24,
};

export const visitorDimensionSchema = z.enum([
  'page',
  'entry_page',
  'exit_page',
  'referrer',
  'country',
  'device',
  'browser',
  'os',
]);
export type VisitorDimension = z.infer<typeof visitorDimensionSchema>;

export const visitorFilterOperatorSchema = z.enum(['is', 'is_not', 'contains']);
export type VisitorFilterOperator = z.infer<typeof visitorFilterOperatorSchema>;

export interface VisitorFilter {
  dimension: VisitorDimension;
  operator: VisitorFilterOperator;
  value: string;
}

export const visitorFilterRule =
  'must be `<dimension>:<is|is_not|contains>:<value>` with a dimension among page, entry_page, exit_page, referrer, country, device, browser, os';

/** `page:contains:/blog` — the value is everything after the second `:` (it may hold `:` itself). */
const visitorFilterSchema = textSchema()
  .max(600)
  .transform((text, context): VisitorFilter => {
    const [dimension, operator] = text.split(':', 2);
    const value = text.slice((dimension?.length ?? 0) + (operator?.length ?? 0) + 2);
    const parsedDimension = visitorDimensionSchema.safeParse(dimension);
    const parsedOperator = visitorFilterOperatorSchema.safeParse(operator);
    if (!parsedDimension.success || !parsedOperator.success || operator === undefined || value.length === 0) {
      context.addIssue({ code: 'custom', message: visitorFilterRule });
      return z.NEVER;
    }
    return { dimension: parsedDimension.data, operator: parsedOperator.data, value };
  });

export const visitorFiltersMax = 10;

/** Repeatable: `filter=country:is:India&filter=page:contains:/blog` (all must hold). */
const visitorFiltersSchema = z
  // One `filter` arrives as a string, several as an array: one shape, so errors name `filter.<n>`.
  .preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z.array(visitorFilterSchema).max(visitorFiltersMax),
  )
  .optional()
  .transform((filters) => filters ?? []);

const visitorHistoryQueryBase = {
  /** Start of the range (inclusive). Default: 24 hours before `to`. */
  from: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  /** End of the range (exclusive). Default: now. */
  to: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  /** Buckets are this zone's wall-clock minutes, hours or days. */
  tz: timeZoneSchema.default('UTC'),
  /** One site (the collector's `site`, e.g. `example.com`); every site when omitted. */
  site: textSchema().min(1).max(253).optional(),
  filter: visitorFiltersSchema,
  /** `previous`: the same figures for the range of equal length just before. */
  compare: z.enum(['previous']).optional(),
  /** `csv` (or `Accept: text/csv`): the rows as CSV for a spreadsheet. */
  format: z.enum(['json', 'csv']).default('json'),
};

export const visitorTimeseriesQuerySchema = z.object({
  ...visitorHistoryQueryBase,
  interval: visitorIntervalSchema.default('hour'),
});
export type VisitorTimeseriesQuery = z.input<typeof visitorTimeseriesQuerySchema>;

export const visitorBreakdownQuerySchema = z.object({
  ...visitorHistoryQueryBase,
  limit: decimalIntegerQuery({ min: 1, max: 1_000 }).default(10),
});
export type VisitorBreakdownQuery = z.input<typeof visitorBreakdownQuerySchema>;

export const visitorBreakdownParamsSchema = z.object({ dimension: visitorDimensionSchema });

const count = z.number().int().nonnegative();

/** The figures of one bucket, one breakdown row, or a whole range. */
export const visitorMetricsSchema = z.object({
  /** Distinct visitors with a counted pageview. */
  visitors: count,
  pageviews: count,
  /** Sessions that started in the bucket (and have a pageview). */
  sessions: count,
  /** Share (0–1, four decimals) of those sessions with exactly one pageview. */
  bounce_rate: z.number().min(0).max(1),
  /** Their mean duration (first to last event), whole seconds. */
  visit_duration: count,
});
export type VisitorMetrics = z.infer<typeof visitorMetricsSchema>;

export const visitorBucketSchema = visitorMetricsSchema.extend({
  /** The bucket's start as wall-clock time in `tz`, `YYYY-MM-DDTHH:MM:SS` (no offset). */
  bucket: z.string(),
});
export type VisitorBucket = z.infer<typeof visitorBucketSchema>;

const visitorsEstimatedDescription =
  "true when `visitors` are HyperLogLog estimates (read from the breakdown rollups: standard error 2.3 %, within ±7 % for 99.7 % of figures; pageviews, sessions, bounce rate and duration stay exact) — a breakdown, a timeseries with one filter, or an unfiltered timeseries in a zone whose hours or days are not UTC's (e.g. Asia/Kathmandu hours, America/New_York days: its buckets' visitors are estimated, its totals stay exact; a visitor whose visit moved to another value, e.g. a changed exit page, may still count under the old one until shortly after that quarter hour ends); false when visitors are counted exactly";

const visitorSeriesSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Every bucket of the range in order, zeros included. */
  buckets: z.array(visitorBucketSchema),
  /** The whole range (visitors are distinct over it, not a sum of buckets). */
  totals: visitorMetricsSchema,
  /**
   * True when `visitors` are HyperLogLog estimates (standard error 2.3 %, within ±7 % for 99.7 % of
   * figures): a filtered read answered from the breakdown rollups, or an unfiltered one in a zone
   * whose hours or days are not UTC's — there only the buckets' visitors are estimated, the totals
   * stay exact. False when counted exactly. Pageviews, sessions, bounce rate and duration are always exact.
   */
  visitors_estimated: z.boolean().describe(visitorsEstimatedDescription),
});

export const visitorTimeseriesSchema = visitorSeriesSchema.extend({
  interval: visitorIntervalSchema,
  time_zone: z.string(),
  previous: visitorSeriesSchema.optional(),
});
export type VisitorTimeseries = z.infer<typeof visitorTimeseriesSchema>;

export const visitorBreakdownRowSchema = visitorMetricsSchema.extend({
  /** The dimension's value; null when unknown (a direct visit's referrer, an unlocated country). */
  value: z.string().nullable(),
});
export type VisitorBreakdownRow = z.infer<typeof visitorBreakdownRowSchema>;

const visitorRowsSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Most visitors first, then most pageviews, then most sessions. */
  rows: z.array(visitorBreakdownRowSchema),
  /** As for the timeseries: true when the rows' `visitors` are HyperLogLog estimates (±2.3 % standard error). */
  visitors_estimated: z.boolean().describe(visitorsEstimatedDescription),
});

export const visitorBreakdownSchema = visitorRowsSchema.extend({
  dimension: visitorDimensionSchema,
  previous: visitorRowsSchema.optional(),
});
export type VisitorBreakdown = z.infer<typeof visitorBreakdownSchema>;
