import { z } from 'zod';
import { productSummarySchema, sessionProductSchema } from './sessions.ts';

/**
 * Capped well inside PostgreSQL's INTEGER, so "after the last" (the highest order + 1) can never
 * overflow the column however the orders were set.
 */
export const maxDisplayOrder = 1_000_000;
const displayOrderSchema = z.number().int().min(0).max(maxDisplayOrder);

const noRepeats = (ids: readonly string[]) => new Set(ids).size === ids.length;

export const sessionProductParamsSchema = z.object({ sessionId: z.uuid(), productId: z.uuid() });

/** `?featured=true|false`: only the featured (or only the other) products; absent means all. */
export const sessionProductListQuerySchema = z.object({
  featured: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});

export const addSessionProductBodySchema = z
  .object({
    /** Must exist and be sold by the session's creator. */
    productId: z.uuid(),
    featured: z.boolean().optional(),
    /** Defaults to after the last product in the session. */
    displayOrder: displayOrderSchema.optional(),
  })
  .strict();
export type AddSessionProductBody = z.infer<typeof addSessionProductBodySchema>;

/** Bulk featured: exactly these products become featured, every other one in the session stops being. */
export const updateFeaturedProductsBodySchema = z
  .object({
    productIds: z.array(z.uuid()).max(1_000).refine(noRepeats, 'must not repeat a product'),
  })
  .strict();
export type UpdateFeaturedProductsBody = z.infer<typeof updateFeaturedProductsBodySchema>;

export const setSessionProductFeaturedBodySchema = z.object({ featured: z.boolean() }).strict();

export const setSessionProductOrderBodySchema = z.object({ displayOrder: displayOrderSchema }).strict();

export const removedSessionProductSchema = z.object({ sessionId: z.uuid(), productId: z.uuid() });

/** `POST /api/sessions/:sessionId/showcase`: a product of the session, or null to clear the showcase. */
export const showcaseBodySchema = z.object({ productId: z.uuid().nullable() }).strict();
export type ShowcaseBody = z.infer<typeof showcaseBodySchema>;

export const showcaseResultSchema = z.object({
  sessionId: z.uuid(),
  activeProductId: z.uuid().nullable(),
  product: productSummarySchema.nullable(),
});
export type ShowcaseResult = z.infer<typeof showcaseResultSchema>;

export const sessionProductListSchema = z.array(sessionProductSchema);
