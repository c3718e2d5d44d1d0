import { z } from 'zod';
import { decimalIntegerQuery } from './query-numbers.ts';
import { textSchema } from './text.ts';

/*
 * Visitor analytics (seed 002), the realtime service's public side: the collector's bodies and the
 * live reads' answers. Field names are the seed's (snake_case).
 */

/**
 * The devices the collector names; the same list as the history record's `visitorDeviceSchema`
 * (internal/, which a browser entry must not reach, so it is spelled again here).
 */
export const visitorLiveDeviceSchema = z.enum(['desktop', 'mobile', 'tablet', 'other']);
const visitorDeviceSchema = visitorLiveDeviceSchema;

export const visitorLiveRoutes = {
  events: '/api/events',
  plausibleEvent: '/api/event',
  summary: '/api/analytics/summary',
  sessions: '/api/analytics/sessions',
  detailed: '/api/analytics/detailed',
  status: '/api/status',
} as const;

/** Most events in one `POST /api/events` batch. */
export const visitorEventBatchMax = 100;

/** An event name: `pageview`, `leave`, or a custom name (letters first, then letters, digits, space, `_ - . :`). */
export const visitorEventNameSchema = textSchema()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z][\w .:-]*$/, 'must start with a letter and hold only letters, digits, spaces, _ - . :');

// `mobile`, `Mobile`… are read as one device.
const deviceInputSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.toLowerCase() : value),
  visitorDeviceSchema,
);

/** Seed 002's body: `{ type, page, session_id, timestamp, country, metadata: { device, referrer } }`. */
export const visitorEventBodySchema = z.object({
  type: visitorEventNameSchema,
  /** A path (`/products`) or a whole URL, whose path is kept. */
  page: textSchema().min(1).max(2_048),
  session_id: textSchema().min(1).max(120).optional(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
  /** An English name ("India") or an ISO 3166 code ("IN"); wins over the IP's country. */
  country: textSchema().trim().min(1).max(80).optional(),
  metadata: z
    .object({
      device: deviceInputSchema.optional(),
      /** A host (`google.com`) or a URL. */
      referrer: textSchema().max(2_048).nullable().optional(),
    })
    .optional(),
});
export type VisitorEventBody = z.infer<typeof visitorEventBodySchema>;

/**
 * One event, or a batch of up to 100, read as a batch either way (a single event's errors name
 * `0.<field>`): a union would report a bad single event as "invalid input" without its field.
 */
export const visitorEventsRequestSchema = z.preprocess(
  (value) => (Array.isArray(value) ? value : [value]),
  z.array(visitorEventBodySchema).min(1).max(visitorEventBatchMax),
);

/** Seed 002's `current_stats`. `pages_visited`: pageviews today (UTC) by page. */
export const visitorCurrentStatsSchema = z.object({
  total_active: z.number().int().nonnegative(),
  total_today: z.number().int().nonnegative(),
  pages_visited: z.record(z.string(), z.number().int().nonnegative()),
});
export type VisitorCurrentStats = z.infer<typeof visitorCurrentStatsSchema>;

export const visitorEventsResponseSchema = z.object({
  /** The (last) event's session; null when every event was dropped (bots). */
  session_id: z.string().nullable(),
  current_stats: visitorCurrentStatsSchema,
  /** Events taken and dropped (bots) from this request. */
  accepted: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
});
export type VisitorEventsResponse = z.infer<typeof visitorEventsResponseSchema>;

/**
 * Plausible's Events API body (what `@plausible-analytics/tracker` sends), short or long names.
 * Unknown keys (`v`, `$`, `sd`) are ignored. `p`/`props` may be an object or a JSON string.
 */
export const plausibleEventBodySchema = z.object({
  n: textSchema().min(1).max(120).optional(),
  name: textSchema().min(1).max(120).optional(),
  u: textSchema().min(1).max(2_048).optional(),
  url: textSchema().min(1).max(2_048).optional(),
  d: textSchema().max(253).optional(),
  domain: textSchema().max(253).optional(),
  r: textSchema().max(2_048).nullable().optional(),
  referrer: textSchema().max(2_048).nullable().optional(),
  p: z
    .union([z.record(z.string(), z.unknown()), textSchema().max(8_192)])
    .nullable()
    .optional(),
  props: z
    .union([z.record(z.string(), z.unknown()), textSchema().max(8_192)])
    .nullable()
    .optional(),
  i: z.boolean().optional(),
  interactive: z.boolean().optional(),
  h: z.union([z.boolean(), z.number()]).optional(),
  hashMode: z.union([z.boolean(), z.number()]).optional(),
  /** Milliseconds on the page, sent with `engagement` events. */
  e: z.number().int().min(0).max(86_400_000).optional(),
  engagement_time: z.number().int().min(0).max(86_400_000).optional(),
});
export type PlausibleEventBody = z.infer<typeof plausibleEventBodySchema>;

/** Filters of the live reads; every one optional. `page` is the session's current page. */
export const visitorLiveFilterSchema = z.object({
  country: textSchema().trim().min(1).max(80).optional(),
  page: textSchema().min(1).max(2_048).optional(),
  device: visitorDeviceSchema.optional(),
});
export type VisitorLiveFilter = z.infer<typeof visitorLiveFilterSchema>;

export const visitorSummaryQuerySchema = visitorLiveFilterSchema.pick({ country: true, page: true });
export const visitorSummaryResponseSchema = z.object({
  summary: visitorCurrentStatsSchema,
  generated_at: z.iso.datetime(),
});

export const visitorSessionsQuerySchema = visitorLiveFilterSchema.extend({
  limit: decimalIntegerQuery({ min: 1, max: 1_000 }).optional(),
});
/** Seed 002's session: `duration` in seconds. */
export const visitorLiveSessionSchema = z.object({
  session_id: z.string(),
  current_page: z.string(),
  journey: z.array(z.string()),
  duration: z.number().int().nonnegative(),
  country: z.string().nullable(),
  device: visitorDeviceSchema.nullable(),
  browser: z.string().nullable(),
  os: z.string().nullable(),
  referrer: z.string().nullable(),
  last_activity: z.iso.datetime(),
});
export type VisitorLiveSession = z.infer<typeof visitorLiveSessionSchema>;
export const visitorSessionsResponseSchema = z.object({
  sessions: z.array(visitorLiveSessionSchema),
  /** Sessions matching the filters, before `limit`. */
  total_count: z.number().int().nonnegative(),
});

const countsSchema = z.record(z.string(), z.number().int().nonnegative());

/** `GET /api/analytics/detailed` and the socket's `request_detailed_stats` ack. Counts are of today (UTC). */
export const visitorDetailedStatsSchema = z.object({
  total_active: z.number().int().nonnegative(),
  total_today: z.number().int().nonnegative(),
  /** Pageviews by page. */
  pages: countsSchema,
  /** Sessions by first page, and finished sessions by last page. */
  entry_pages: countsSchema,
  exit_pages: countsSchema,
  /** Sessions by referrer host (`(direct)` without one), country, device, browser and OS (`(unknown)`). */
  referrers: countsSchema,
  countries: countsSchema,
  devices: countsSchema,
  browsers: countsSchema,
  os: countsSchema,
  /** Distinct sessions with an event in the last minute / 5 minutes. */
  visitors_last_minute: z.number().int().nonnegative(),
  visitors_last_5_minutes: z.number().int().nonnegative(),
  /** Of the sessions finished today: share with one pageview and no other interactive event (0..1). */
  bounce_rate: z.number().min(0).max(1),
  /** Of the sessions finished today, in seconds. */
  average_visit_duration: z.number().nonnegative(),
  finished_sessions: z.number().int().nonnegative(),
  generated_at: z.iso.datetime(),
});
export type VisitorDetailedStats = z.infer<typeof visitorDetailedStatsSchema>;

/** `GET /api/status` (seed 002: the server's and the socket's status). */
export const visitorStatusSchema = z.object({
  server: z.object({
    status: z.literal('running'),
    uptime_seconds: z.number().int().nonnegative(),
    node_id: z.string(),
    started_at: z.iso.datetime(),
  }),
  socket: z.object({
    dashboards_connected: z.number().int().nonnegative(),
    connections: z.number().int().nonnegative(),
  }),
  visitors: z.object({
    live_sessions: z.number().int().nonnegative(),
    total_active: z.number().int().nonnegative(),
    events_accepted: z.number().int().nonnegative(),
    events_dropped: z.number().int().nonnegative(),
    evictions: z.number().int().nonnegative(),
  }),
});
export type VisitorStatus = z.infer<typeof visitorStatusSchema>;
