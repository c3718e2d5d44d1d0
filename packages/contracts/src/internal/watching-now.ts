import { z } from 'zod';

/** Sessions one watching-now read may ask about: a page of search results is at most 100. */
export const maxWatchingSessionIds = 100;

/** API → realtime: `?sessionIds=<uuid>,<uuid>` — comma-separated, so one short GET serves a whole page. */
export const watchingNowQuerySchema = z.object({
  sessionIds: z
    .string()
    .transform((list) => [...new Set(list.split(','))])
    .pipe(z.array(z.uuid()).min(1).max(maxWatchingSessionIds)),
});
export type WatchingNowQuery = z.infer<typeof watchingNowQuerySchema>;

/**
 * Distinct subscribers watching each asked session right now on the node asked; a session the node
 * does not track has nobody watching there (0).
 */
export const watchingNowSchema = z.object({
  counts: z.record(z.uuid(), z.number().int().nonnegative()),
});
export type WatchingNow = z.infer<typeof watchingNowSchema>;
