import { z } from 'zod';
import { timestampSchema } from './timestamp.ts';

const hasAtMostTwoDecimals = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

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

const imageUrlSchema = z.url({ protocol: /^https?$/ }).max(2_048);

export const createProductBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(5_000).nullable().optional(),
    price: priceSchema,
    imageUrl: imageUrlSchema.nullable().optional(),
  })
  .strict();
export type CreateProductBody = z.infer<typeof createProductBodySchema>;

export const updateProductBodySchema = createProductBodySchema.partial().strict();
export type UpdateProductBody = z.infer<typeof updateProductBodySchema>;

export const productListQuerySchema = z.object({ sellerId: z.uuid().optional() });
