import { z } from 'zod';
import { sessionStatusSchema } from '../rest/sessions.ts';

/** What the realtime service needs to know about a session; it caches this briefly. */
export const sessionFactsSchema = z.object({
  id: z.uuid(),
  creatorId: z.uuid(),
  status: sessionStatusSchema,
  enableViewerAnalytics: z.boolean(),
  activeProductId: z.uuid().nullable(),
  productIds: z.array(z.uuid()),
  /**
   * Counts already persisted for a live session (a checkpoint from a node that shut down), so the
   * node that picks the stream up continues from them instead of starting over.
   */
  checkpoint: z
    .object({
      reactionCounts: z.record(z.string(), z.number().int().nonnegative()),
      productClicks: z.array(
        z.object({ productId: z.uuid(), uniqueClicks: z.number().int(), totalClicks: z.number().int() }),
      ),
    })
    .nullable()
    .optional(),
});
export type SessionFacts = z.infer<typeof sessionFactsSchema>;
