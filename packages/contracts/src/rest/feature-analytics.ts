import { z } from 'zod';
import { ageBands } from '../rules/age-band.ts';
import { textSchema } from './text.ts';
import { timeZoneSchema } from './time-zone.ts';
import { timestampSchema } from './timestamp.ts';
import { genderSchema } from './users.ts';

/*
 * Seed 004: signed-in users' feature interactions (`POST /api/track`, `POST /api/track/batch`) and
 * the product team's dashboard over them (`GET /api/analytics`). Field names are the seed's
 * (snake_case) wherever the seed has them.
 */

/** The rule for a feature's name, said in the README: a short lower-case slug. */
export const featureNameRule =
  'must be 1-64 characters: lower-case letters and digits, starting with a letter, with single `_`, `-` or `.` between them';

export const featureNameSchema = textSchema()
  .min(1, featureNameRule)
  .max(64, featureNameRule)
  .regex(/^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*$/, featureNameRule);

/** An event may be dated this far back (clamped beyond); later than the moment it arrives is clamped to that moment. */
export const trackBackdateLimitHours = 72;

const propertyKeySchema = textSchema().regex(
  /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/,
  'must be 1-40 letters, digits, `_`, `-` or `.`, starting with a letter',
);
const propertyValueSchema = z.union([textSchema().max(200), z.number().finite(), z.boolean(), z.null()]);

/** Small, flat context for an event (`{ "chart": "bar" }`): at most 20 keys, scalar values. */
export const trackPropertiesSchema = z
  .record(propertyKeySchema, propertyValueSchema)
  .refine((properties) => Object.keys(properties).length <= 20, 'must have at most 20 keys');

export const trackEventBodySchema = z.object({
  feature_name: featureNameSchema,
  /** When it happened; clamped to [arrival − 72 h, arrival]. The arrival time when omitted. */
  occurredAt: timestampSchema.optional(),
  properties: trackPropertiesSchema.optional(),
});
export type TrackEventBody = z.input<typeof trackEventBodySchema>;

export const trackBatchMaxEvents = 1_000;

export const trackBatchBodySchema = z.object({
  events: z.array(trackEventBodySchema).min(1).max(trackBatchMaxEvents),
});
export type TrackBatchBody = z.input<typeof trackBatchBodySchema>;

/** 202: the event is committed (it survives a crash from this moment on). */
export const trackedEventSchema = z.object({ id: z.uuid(), occurredAt: timestampSchema });
export type TrackedEvent = z.output<typeof trackedEventSchema>;

/** 202: every event of the batch is committed, in one transaction. */
export const trackedBatchSchema = z.object({ stored: z.number().int() });

export const ageFilterSchema = z.enum([...ageBands, 'all']);
export type AgeFilter = z.infer<typeof ageFilterSchema>;
export const genderFilterSchema = z.enum([...genderSchema.options, 'all']);
export type GenderFilter = z.infer<typeof genderFilterSchema>;

export const lineChartIntervalSchema = z.enum(['day', 'week', 'month']);
export type LineChartInterval = z.infer<typeof lineChartIntervalSchema>;

/** A calendar date (`2024-06-01`), or an instant whose date in `tz` is taken. */
const analyticsDateSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time',
});

export const featureAnalyticsQuerySchema = z.object({
  /** Default: 30 days before `end_date`. */
  start_date: analyticsDateSchema.optional(),
  /** Inclusive. Default: today in `tz`. */
  end_date: analyticsDateSchema.optional(),
  age: ageFilterSchema.default('all'),
  gender: genderFilterSchema.default('all'),
  /** The line chart's feature. Default: the most clicked feature of the range. */
  feature: featureNameSchema.optional(),
  tz: timeZoneSchema.default('UTC'),
  interval: lineChartIntervalSchema.default('day'),
  /** `previous`: the same figures for the period of equal length just before. */
  compare: z.enum(['previous']).optional(),
  /** `csv` (or `Accept: text/csv`): one row per interval and feature, for a spreadsheet. */
  format: z.enum(['json', 'csv']).default('json'),
});
export type FeatureAnalyticsQuery = z.input<typeof featureAnalyticsQuerySchema>;

/** The longest range one request may cover, in days. */
export const featureAnalyticsMaxRangeDays = 366;

const count = z.number().int();

export const featureBarSchema = z.object({ feature_name: z.string(), total_clicks: count, unique_users: count });
/** `date` is the first day of the interval (a Monday for weeks), in `tz`. */
export const featureLinePointSchema = z.object({ date: z.iso.date(), click_count: count });

export const featureAnalyticsFiguresSchema = z.object({
  /** Most clicked first, ties by name. */
  bar_chart: z.array(featureBarSchema),
  /** Every interval of the range in order, zeros included, for `summary.active_feature`. */
  line_chart: z.array(featureLinePointSchema),
  summary: z.object({
    total_clicks: count,
    /** Distinct users who clicked any feature in the range (exact). */
    unique_users: count,
    /** Both dates inclusive, calendar days in `time_zone`. */
    date_range: z.object({ start: z.iso.date(), end: z.iso.date(), time_zone: z.string() }),
    /** The line chart's feature; null when nothing was clicked and none was asked for. */
    active_feature: z.string().nullable(),
  }),
});
export type FeatureAnalyticsFigures = z.infer<typeof featureAnalyticsFiguresSchema>;

export const featureAnalyticsSchema = featureAnalyticsFiguresSchema.extend({
  interval: lineChartIntervalSchema,
  /** With `compare=previous`: the same figures (same feature) for the period just before. */
  previous: featureAnalyticsFiguresSchema.optional(),
});
export type FeatureAnalytics = z.infer<typeof featureAnalyticsSchema>;
