import { type RestRoute, restRoutes } from '@showfloor/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
  /** A page of a public listing, the same for every caller: through the cache, sent as it was serialized. */
  const sendPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    route: RestRoute,
    key: unknown,
    page: () => Promise<{ items: unknown[]; meta: unknown }>,
  ) => {
    const answer = await reads.listing(route, key, async () => {
      const { items, meta } = await page();
      return { success: true as const, data: items, meta };
    });
    return sendPrepared(request, reply, answer);
  };

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
    handler: (request, reply) =>
      sendPage(request, reply, routes.sessions, request.query, () => service.searchSessions(request.query)),
  });

  app.route({
    ...restRoute(app, routes.liveSessions),
    handler: (request, reply) =>
      sendPage(request, reply, routes.liveSessions, request.query, () => service.listLive(request.query)),
  });

  app.route({
    ...restRoute(app, routes.upcomingSessions),
    handler: (request, reply) =>
      sendPage(request, reply, routes.upcomingSessions, request.query, () => service.listUpcoming(request.query)),
  });

  app.route({
    ...restRoute(app, routes.trendingSessions),
    handler: (request, reply) =>
      sendPage(request, reply, routes.trendingSessions, request.query, () => service.listTrending(request.query)),
  });

  app.route({
    ...restRoute(app, routes.creatorSessions),
    handler: (request, reply) =>
      sendPage(request, reply, routes.creatorSessions, { ...request.params, ...request.query }, () =>
        service.listByCreator(request.params.creatorId, request.query),
      ),
  });

  app.route({
    ...restRoute(app, routes.products),
    handler: (request, reply) =>
      sendPage(request, reply, routes.products, request.query, () => service.searchProducts(request.query)),
  });
};
