import { z } from 'zod';
import { textSchema } from '../rest/text.ts';

/*
 * Visitor analytics (seed 002): what the realtime service's collector hands the API for history.
 * The collector normalises every accepted event (its own `/api/events` body and Plausible's
 * `/api/event` body alike) into one record; the API stores records and derives sessions from them.
 */

/** The devices the collector names (from the User-Agent, or the event's own `metadata.device`). */
export const visitorDeviceSchema = z.enum(['desktop', 'mobile', 'tablet', 'other']);
export type VisitorDevice = z.infer<typeof visitorDeviceSchema>;

/** One accepted visitor event. `id` is made by the collector: redelivery stores it once. */
export const visitorEventRecordSchema = z
  .object({
    id: z.uuid(),
    /** The site's domain (Plausible's `d`); `/api/events` without one is the site `default`. */
    site: textSchema().min(1).max(253),
    /** `pageview`, `leave` (a tab closed), `engagement` (Plausible: time on a page) or a custom name. */
    name: textSchema().min(1).max(120),
    occurredAt: z.iso.datetime({ offset: true }),
    /** Who: the hash of salt + IP + User-Agent + site, or derived from the client's session_id. Never a raw IP. */
    visitorId: textSchema().min(1).max(128),
    /** The visit this event belongs to (the client's session_id, or the collector's). */
    sessionId: textSchema().min(1).max(128),
    /** The page's path (no origin, no query string). */
    page: textSchema().min(1).max(2_048),
    /** The referrer's host, or null for direct visits and same-site navigation. */
    referrer: textSchema().min(1).max(253).nullable(),
    /** An English country name (e.g. "India"), or null when unknown. */
    country: textSchema().min(1).max(80).nullable(),
    device: visitorDeviceSchema.nullable(),
    browser: textSchema().min(1).max(80).nullable(),
    os: textSchema().min(1).max(80).nullable(),
    /** Time spent on the page, for `engagement` and `leave` events; null otherwise. */
    engagedMs: z.number().int().min(0).max(86_400_000).nullable(),
    /** Custom properties (Plausible's `p`/`props`): flat, scalar values. */
    props: z.record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).nullable(),
  })
  .strict();
export type VisitorEventRecord = z.infer<typeof visitorEventRecordSchema>;

/** The most events one delivery from a realtime node carries. */
export const maxVisitorEventsPerBatch = 5_000;

export const visitorEventBatchSchema = z
  .object({ events: z.array(visitorEventRecordSchema).min(1).max(maxVisitorEventsPerBatch) })
  .strict();
export type VisitorEventBatch = z.infer<typeof visitorEventBatchSchema>;

export const visitorEventBatchResultSchema = z.object({
  received: z.number().int(),
  /** Newly stored (a redelivered event is received but not stored again). */
  stored: z.number().int(),
});
export type VisitorEventBatchResult = z.infer<typeof visitorEventBatchResultSchema>;
