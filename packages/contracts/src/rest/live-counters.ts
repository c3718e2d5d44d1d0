import { z } from 'zod';
import { storedCountSchema } from './integer-bounds.ts';

/*
 * What the realtime service counts and every surface shows — REST reads, socket events and the
 * totals it hands the API — so these live beside the public shapes, not among the internal ones.
 */

export const reactionTypeSchema = z.string().regex(/^[a-z0-9_-]{1,32}$/, 'lowercase letters, digits, _ or -, 1–32');

/**
 * The reaction types the realtime service accepts unless `REACTION_TYPES` names others: its
 * config's default, and the buttons the web app offers.
 */
export const defaultReactionTypes = ['like', 'love', 'heart', 'fire', 'clap', 'laugh', 'wow', 'sad'] as const;

export const productClickStatsSchema = z.object({
  productId: z.uuid(),
  uniqueClicks: storedCountSchema,
  totalClicks: storedCountSchema,
  /** uniqueClicks / totalViewers × 100, one decimal. */
  clickThroughRate: z.number().nonnegative(),
});
export type ProductClickStats = z.infer<typeof productClickStatsSchema>;
