import {
  creatorIdParamsSchema,
  globalSearchQuerySchema,
  globalSearchResultSchema,
  pagedEnvelope,
  paginationQuerySchema,
  productSchema,
  productSearchQuerySchema,
  publicSessionSchema,
  sessionSearchQuerySchema,
  successEnvelope,
  trendingSessionSchema,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SearchService } from './search.service.ts';

const globalResponse = successEnvelope(globalSearchResultSchema);
const sessionsPage = pagedEnvelope(publicSessionSchema);
const trendingPage = pagedEnvelope(trendingSessionSchema);
const productsPage = pagedEnvelope(productSchema);
const tags = ['search'];

/**
 * /api/search — seed 003's "Search & Discovery" tables. All public: no token is needed and a
 * token changes nothing (a bad one is still a 401, like everywhere under /api).
 *
 * Lists use the one envelope: the seed's `{ data, total, limit, offset, hasMore }` is
 * `{ success, data, meta: { total, limit, offset, hasMore } }` here. `limit` is 1–100 (default
 * 20) and `offset` ≥ 0; anything else is a 400 naming the field, never silently clamped.
 */
export const searchRoutes: FastifyPluginAsyncZod<{ service: SearchService }> = async (app, { service }) => {
  app.get(
    '/',
    { schema: { tags, querystring: globalSearchQuerySchema, response: { 200: globalResponse } } },
    async (request) => ({ success: true as const, data: await service.searchEverything(request.query) }),
  );

  app.get(
    '/sessions',
    { schema: { tags, querystring: sessionSearchQuerySchema, response: { 200: sessionsPage } } },
    async (request) => {
      const { items, meta } = await service.searchSessions(request.query);
      return { success: true as const, data: items, meta };
    },
  );

  app.get(
    '/sessions/live',
    { schema: { tags, querystring: paginationQuerySchema, response: { 200: sessionsPage } } },
    async (request) => {
      const { items, meta } = await service.listLive(request.query);
      return { success: true as const, data: items, meta };
    },
  );

  app.get(
    '/sessions/upcoming',
    { schema: { tags, querystring: paginationQuerySchema, response: { 200: sessionsPage } } },
    async (request) => {
      const { items, meta } = await service.listUpcoming(request.query);
      return { success: true as const, data: items, meta };
    },
  );

  app.get(
    '/sessions/trending',
    { schema: { tags, querystring: paginationQuerySchema, response: { 200: trendingPage } } },
    async (request) => {
      const { items, meta } = await service.listTrending(request.query);
      return { success: true as const, data: items, meta };
    },
  );

  app.get(
    '/sessions/creator/:creatorId',
    {
      schema: {
        tags,
        params: creatorIdParamsSchema,
        querystring: paginationQuerySchema,
        response: { 200: sessionsPage },
      },
    },
    async (request) => {
      const { items, meta } = await service.listByCreator(request.params.creatorId, request.query);
      return { success: true as const, data: items, meta };
    },
  );

  app.get(
    '/products',
    { schema: { tags, querystring: productSearchQuerySchema, response: { 200: productsPage } } },
    async (request) => {
      const { items, meta } = await service.searchProducts(request.query);
      return { success: true as const, data: items, meta };
    },
  );
};
