import { z } from 'zod';
import { type PaginationQuery, pageMetaSchema, paginationQuerySchema } from './pagination.ts';
import { productSchema } from './products.ts';
import { decimalIntegerQuery, decimalNumberQuery } from './query-numbers.ts';
import { sessionSchema, sessionStatusSchema } from './sessions.ts';
import { textSchema } from './text.ts';

export const maxSearchWords = 10;

/**
 * Words to look for: every whitespace-separated word must appear (case-insensitive, anywhere, so
 * "gam" finds "Gaming"); `%` and `_` are ordinary characters. Bounded so one request cannot make
 * the database match hundreds of patterns.
 */
const searchTextSchema = textSchema()
  .trim()
  .max(200)
  .refine((text) => text.split(/\s+/).length <= maxSearchWords, `at most ${maxSearchWords} words`);

/** A session as search shows it to anyone: the stream key is not part of the shape at all. */
export const publicSessionSchema = sessionSchema.omit({ streamKey: true });
export type PublicSessionView = z.infer<typeof publicSessionSchema>;

/**
 * A session in the live and trending lists: also how many distinct viewers (publishers not counted)
 * watch it right now, read from the realtime service; null when that service could not be read,
 * so the list still answers without it.
 */
export const liveSessionSchema = publicSessionSchema.extend({
  watchingNow: z.number().int().nonnegative().nullable(),
});
export type LiveSessionView = z.infer<typeof liveSessionSchema>;

export const globalSearchQuerySchema = z.object({
  q: searchTextSchema.min(1),
  limit: decimalIntegerQuery({ min: 1, max: 50 }).default(10),
});
export type GlobalSearchQuery = z.infer<typeof globalSearchQuerySchema>;

/**
 * A search's page: like every list's, and `total` may be a lower bound. Counting every match of a
 * common word means rechecking each one's text, so the API counts up to a bound (1,000 by default,
 * or the end of the requested page when that is further): below it `total` is exact; above it
 * `totalIsExact` is false and more than `total` match (`hasMore` stays true).
 */
export const searchPageMetaSchema = pageMetaSchema.extend({ totalIsExact: z.boolean() });
export type SearchPageMeta = z.infer<typeof searchPageMetaSchema>;

/** A count that stopped at a bound: `exact` false means more than `total` match. */
export interface BoundedCount {
  total: number;
  exact: boolean;
}

export function searchPageMeta(count: BoundedCount, page: PaginationQuery): SearchPageMeta {
  return {
    total: count.total,
    totalIsExact: count.exact,
    limit: page.limit,
    offset: page.offset,
    // An inexact total is at least the end of this page, and more than it match.
    hasMore: !count.exact || page.offset + page.limit < count.total,
  };
}

/** Search lists: the items in `data`, the page (with a possibly bounded total) in `meta`. */
export function searchPagedEnvelope<T extends z.ZodType>(item: T) {
  return z.object({
    success: z.literal(true),
    message: z.string().optional(),
    data: z.array(item),
    meta: searchPageMetaSchema,
  });
}

/**
 * Seed 003's global search: the first `limit` matches of each kind, newest first, and how many match
 * in all — counted up to the same bound as the lists, so `countsAreExact` says which count is a
 * lower bound (false: more than that many match).
 */
export const globalSearchResultSchema = z.object({
  sessions: z.array(publicSessionSchema),
  products: z.array(productSchema),
  counts: z.object({ sessions: z.number().int(), products: z.number().int() }),
  countsAreExact: z.object({ sessions: z.boolean(), products: z.boolean() }),
});
export type GlobalSearchResult = z.infer<typeof globalSearchResultSchema>;

export const sessionSearchSortSchema = z.enum(['newest', 'oldest', 'title']);
export type SessionSearchSort = z.infer<typeof sessionSearchSortSchema>;

/** An empty (or absent) `q` matches every session; the other filters still apply. */
export const sessionSearchQuerySchema = paginationQuerySchema.extend({
  q: searchTextSchema.default(''),
  status: sessionStatusSchema.optional(),
  /** Compared case-insensitively with the whole category ("Gaming" finds "gaming", not "gam"). */
  category: textSchema().trim().min(1).max(64).optional(),
  creatorId: z.uuid().optional(),
  sortBy: sessionSearchSortSchema.default('newest'),
});
export type SessionSearchQuery = z.infer<typeof sessionSearchQuerySchema>;

export const creatorIdParamsSchema = z.object({ creatorId: z.uuid() });

/**
 * Why a live session ranks where it does in `/search/sessions/trending`: engagement in the last
 * hour. `score` is what the ranking sorts by (after current viewers, once the realtime service
 * reports them); the parts are there so a client can show them.
 */
export const trendingSignalsSchema = z.object({
  score: z.number().int(),
  recentChatMessages: z.number().int(),
  recentViews: z.number().int(),
});
export type TrendingSignalsView = z.infer<typeof trendingSignalsSchema>;

export const trendingSessionSchema = liveSessionSchema.extend({ trending: trendingSignalsSchema });
export type TrendingSessionView = z.infer<typeof trendingSessionSchema>;

export const productSearchSortSchema = z.enum(['newest', 'oldest', 'price-asc', 'price-desc', 'name']);
export type ProductSearchSort = z.infer<typeof productSearchSortSchema>;

const priceBoundSchema = decimalNumberQuery({ min: 0, max: 9_999_999_999.99 });

export const productSearchQuerySchema = paginationQuerySchema
  .extend({
    q: searchTextSchema.default(''),
    /** Inclusive bounds. */
    minPrice: priceBoundSchema.optional(),
    maxPrice: priceBoundSchema.optional(),
    sortBy: productSearchSortSchema.default('newest'),
  })
  .refine((query) => query.minPrice === undefined || query.maxPrice === undefined || query.minPrice <= query.maxPrice, {
    message: 'must not be greater than maxPrice',
    path: ['minPrice'],
  });
export type ProductSearchQuery = z.infer<typeof productSearchQuerySchema>;
