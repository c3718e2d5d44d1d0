import { z } from 'zod';
import { storedCountSchema } from '../rest/integer-bounds.ts';
import { productClickStatsSchema, reactionTypeSchema } from '../rest/live-counters.ts';
import { textSchema } from '../rest/text.ts';

/** Most reaction types one totals item may carry (REACTION_TYPES allows 32): counters stay bounded. */
export const maxReactionTypes = 64;

/**
 * One realtime node's cumulative counts for a live session, sent when the stream ends (`final`)
 * and as checkpoints. Each delivery replaces that node's previous one, so redelivery never
 * double-counts; the API adds up the nodes' reactions and clicks, and takes their distinct counts
 * (viewers, unique clicks) as floors beside the identities it stored.
 */
export const sessionTotalsSchema = z
  .object({
    sessionId: z.uuid(),
    nodeId: textSchema().min(1).max(128),
    final: z.boolean(),
    reactionCounts: z
      .record(reactionTypeSchema, storedCountSchema)
      .refine((counts) => Object.keys(counts).length <= maxReactionTypes, `at most ${maxReactionTypes} types`),
    productClicks: z.array(productClickStatsSchema).max(1_000),
    peakViewers: storedCountSchema,
    /** Distinct subscribers who joined during the session, as far as this node knows. */
    totalViewers: storedCountSchema,
  })
  .strict();
export type SessionTotals = z.infer<typeof sessionTotalsSchema>;

export const sessionTotalsBatchSchema = z.object({ totals: z.array(sessionTotalsSchema).min(1).max(1_000) }).strict();

export const sessionTotalsBatchResultSchema = z.object({
  received: z.number().int(),
  saved: z.number().int(),
  skipped: z.number().int(),
});

/** What one node had counted for a session when it last reported: where a node picks up from. */
export const nodeCheckpointSchema = z.object({
  nodeId: textSchema().min(1).max(128),
  reactionCounts: z.record(reactionTypeSchema, z.number().int().nonnegative()),
  productClicks: z.array(productClickStatsSchema.omit({ clickThroughRate: true })),
  peakViewers: z.number().int().nonnegative(),
  totalViewers: z.number().int().nonnegative(),
});
export type NodeCheckpoint = z.infer<typeof nodeCheckpointSchema>;
