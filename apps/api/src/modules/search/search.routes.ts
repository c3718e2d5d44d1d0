import { restRoutes } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendPrepared } from '../../shared/prepared-reply.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { PublicReads } from '../public-reads/public-reads.ts';
import type { SearchService } from './search.service.ts';

const routes = restRoutes.search;

/**
 * /api/search — seed 003's "Search & Discovery" tables. All public: no token is needed and a
 * token changes nothing (a bad one is still a 401, like everywhere under /api).
 *
 * Lists use the one envelope: the seed's `{ data, total, limit, offset, hasMore }` is
 * `{ success, data, meta: { total, totalIsExact, limit, offset, hasMore } }` here (totals are
 * counted up to a bound: search-total.ts). `limit` is 1–100 (default 20) and `offset` ≥ 0;
 * anything else is a 400 naming the field, never silently clamped.
 */
export const searchRoutes: FastifyPluginAsyncZod<{ service: SearchService; reads: PublicReads }> = async (
  app,
  { service, reads },
) => {
  app.route({
    ...restRoute(app, routes.everything),
    handler: async (request, reply) => {
      const answer = await reads.listing(routes.everything, request.query, async () => ({
        success: true as const,
        data: await service.searchEverything(request.query),
      }));
      return sendPrepared(request, reply, answer);
    },
  });

  app.route({
    ...restRoute(app, routes.sessions),
    handler: async (request, reply) => {
      const answer = await reads.listing(routes.sessions, request.query, async () => {
        const { items, meta } = await service.searchSessions(request.query);
        return { success: true as const, data: items, meta };
      });
      return sendPrepared(request, reply, answer);
    },
  });

  app.route({
    ...restRoute(app, routes.liveSessions),
    handler: async (request, reply) => {
      const answer = await reads.listing(routes.liveSessions, request.query, async () => {
        const { items, meta } = await service.listLive(request.query);
        return { success: true as const, data: items, meta };
      });
      return sendPrepared(request, reply, answer);
    },
  });

  app.route({
    ...restRoute(app, routes.upcomingSessions),
    handler: async (request, reply) => {
      const answer = await reads.listing(routes.upcomingSessions, request.query, async () => {
        const { items, meta } = await service.listUpcoming(request.query);
        return { success: true as const, data: items, meta };
      });
      return sendPrepared(request, reply, answer);
    },
  });

  app.route({
    ...restRoute(app, routes.trendingSessions),
    handler: async (request, reply) => {
      const answer = await reads.listing(routes.trendingSessions, request.query, async () => {
        const { items, meta } = await service.listTrending(request.query);
        return { success: true as const, data: items, meta };
      });
      return sendPrepared(request, reply, answer);
    },
  });

  app.route({
    ...restRoute(app, routes.creatorSessions),
    handler: async (request, reply) => {
      const answer = await reads.listing(routes.creatorSessions, { ...request.params, ...request.query }, async () => {
        const { items, meta } = await service.listByCreator(request.params.creatorId, request.query);
        return { success: true as const, data: items, meta };
      });
      return sendPrepared(request, reply, answer);
    },
  });

  app.route({
    ...restRoute(app, routes.products),
    handler: async (request, reply) => {
      const answer = await reads.listing(routes.products, request.query, async () => {
        const { items, meta } = await service.searchProducts(request.query);
        return { success: true as const, data: items, meta };
      });
      return sendPrepared(request, reply, answer);
    },
  });
};
