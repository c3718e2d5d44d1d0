import { z } from 'zod';
import { viewerKeySchema } from './session-views.ts';

/**
 * realtime → API: a viewer's first click on a product of a session, as a node saw it. Stored once
 * per (session, product, viewer), so unique clicks stay unique across restarts and nodes.
 */
export const productClickerRecordSchema = z
  .object({
    sessionId: z.uuid(),
    productId: z.uuid(),
    viewerKey: viewerKeySchema,
    clickedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type ProductClickerRecord = z.infer<typeof productClickerRecordSchema>;

export const productClickerBatchSchema = z
  .object({ clickers: z.array(productClickerRecordSchema).min(1).max(5_000) })
  .strict();

export const productClickerBatchResultSchema = z.object({
  received: z.number().int(),
  /** Newly stored: the viewer's first click on that product in that session. */
  saved: z.number().int(),
  /** Sessions or products that no longer exist. */
  skipped: z.number().int(),
});

/**
 * API → realtime: everyone counted so far in a session — distinct subscribers from its view records,
 * and who clicked each product. A node picking a stream up (after a restart, or beside another node)
 * starts from these, so a returning viewer or clicker is not counted twice.
 */
export const sessionAudienceSchema = z.object({
  sessionId: z.uuid(),
  viewerKeys: z.array(viewerKeySchema),
  clickers: z.array(z.object({ productId: z.uuid(), viewerKeys: z.array(viewerKeySchema) })),
});
export type SessionAudience = z.infer<typeof sessionAudienceSchema>;
