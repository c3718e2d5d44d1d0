import { z } from 'zod';
import { decimalIntegerQuery } from './query-numbers.ts';

export const maxPageSize = 100;

/** `limit` 1–100 (default 20) and `offset` ≥ 0; anything else is a 400 naming the field. */
export const paginationQuerySchema = z.object({
  limit: decimalIntegerQuery({ min: 1, max: maxPageSize }).default(20),
  offset: decimalIntegerQuery({ min: 0, max: 1_000_000 }).default(0),
});
export type PaginationQuery = z.infer<typeof paginationQuerySchema>;

export const pageMetaSchema = z.object({
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  hasMore: z.boolean(),
});
export type PageMeta = z.infer<typeof pageMetaSchema>;

/** Lists: the items in `data`, the page in `meta`. */
export function pagedEnvelope<T extends z.ZodType>(item: T) {
  return z.object({
    success: z.literal(true),
    message: z.string().optional(),
    data: z.array(item),
    meta: pageMetaSchema,
  });
}

export function pageMeta(total: number, page: PaginationQuery): PageMeta {
  return { total, limit: page.limit, offset: page.offset, hasMore: page.offset + page.limit < total };
}
