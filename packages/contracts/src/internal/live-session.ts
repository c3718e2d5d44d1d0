import { z } from 'zod';
import { productClickStatsSchema } from '../rest/live-counters.ts';
import { textSchema } from '../rest/text.ts';

/** realtime → API: a live session's counters right now (for REST reads while live). */
export const liveSessionStatsSchema = z.object({
  sessionId: z.uuid(),
  /** False when this node tracks nothing for the session (not live here, or already ended). */
  live: z.boolean(),
  viewerCount: z.number().int().nonnegative(),
  peakViewers: z.number().int().nonnegative(),
  totalViewers: z.number().int().nonnegative(),
  viewers: z.array(
    z.object({
      viewerKey: textSchema(),
      userId: z.uuid().nullable(),
      guestId: textSchema().nullable(),
      joinedAt: z.iso.datetime({ offset: true }),
      /** Whole seconds since the viewer joined (the name SessionView and the REST reads use). */
      watchDuration: z.number().int().nonnegative(),
    }),
  ),
  reactions: z.object({ counts: z.record(z.string(), z.number().int()), total: z.number().int() }),
  productClicks: z.array(productClickStatsSchema),
});
export type LiveSessionStats = z.infer<typeof liveSessionStatsSchema>;

/**
 * `viewers=false`: the counters without the watching-now list. The list is what the owner's "who is
 * watching" read needs, and nothing else: in a room of 10,000 it is most of a megabyte, which every
 * viewer's reactions and click-figure read would otherwise make the realtime service build,
 * validate and send (bench:crowd). Without the query the list is sent, as before.
 */
export const liveSessionQuerySchema = z.object({
  viewers: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
});
