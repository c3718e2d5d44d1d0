import { z } from 'zod';
import { paginationQuerySchema } from './pagination.ts';
import { textSchema, urlTextSchema } from './text.ts';
import { timestampSchema } from './timestamp.ts';

/**
 * Exact for every price up to the column's maximum: a value passes only when it is the double
 * nearest a 2-decimal number. (Checking `value * 100` against an epsilon wrongly refused large
 * prices such as 1234567890.12, whose product carries a float error above the epsilon.)
 */
const hasAtMostTwoDecimals = (value: number) => Number(value.toFixed(2)) === value;

export const priceSchema = z
  .number()
  .positive()
  .max(9_999_999_999.99)
  .refine(hasAtMostTwoDecimals, 'at most 2 decimals');

export const productSchema = z.object({
  id: z.uuid(),
  sellerId: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  price: z.number(),
  imageUrl: z.string().nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type ProductView = z.infer<typeof productSchema>;

/** `/api/products/:productId`. */
export const productIdParamsSchema = z.object({ productId: z.uuid() });

const imageUrlSchema = urlTextSchema(/^https?$/).max(2_048);

export const createProductBodySchema = z
  .object({
    name: textSchema().trim().min(1).max(200),
    description: textSchema().max(5_000).nullable().optional(),
    price: priceSchema,
    imageUrl: imageUrlSchema.nullable().optional(),
  })
  .strict();
export type CreateProductBody = z.infer<typeof createProductBodySchema>;

/** A partial update; an empty body would be a write that changes nothing, so it is refused. */
export const updateProductBodySchema = createProductBodySchema
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'at least one field is required' });
export type UpdateProductBody = z.infer<typeof updateProductBodySchema>;

export const productListQuerySchema = paginationQuerySchema.extend({ sellerId: z.uuid().optional() });
export type ProductListQuery = z.infer<typeof productListQuerySchema>;
