import { restRoutes } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import { sendPrepared } from '../../shared/prepared-reply.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { PublicReads } from '../public-reads/public-reads.ts';
import type { SessionProductsService } from './session-products.service.ts';

const routes = restRoutes.sessionProducts;
// onRequest rather than preHandler: an anonymous write is a 401 before its body is even parsed.
// Whether the caller owns the session depends on the session, so the service decides that.
const signedIn = { onRequest: requireAuth };

/**
 * /api/sessions/:sessionId/products — seed 003's "Session Products Routes". A session's products
 * are a short curated list (GET /api/sessions/:sessionId returns all of them too), so it is not paged.
 */
export const sessionProductsRoutes: FastifyPluginAsyncZod<{
  service: SessionProductsService;
  reads: PublicReads;
}> = async (app, { service, reads }) => {
  // The same list for everyone (nothing in it is private): every viewer's read is served from memory.
  app.route({
    ...restRoute(app, routes.list),
    handler: async (request, reply) => {
      const { sessionId } = request.params;
      const { featured } = request.query;
      const answer = await reads.products(sessionId, featured, () => service.list(sessionId, { featured }));
      return sendPrepared(request, reply, answer);
    },
  });

  app.route({
    ...restRoute(app, routes.setFeatured),
    ...signedIn,
    handler: async (request) => ({
      success: true as const,
      message: 'Featured products updated successfully',
      data: await service.setFeaturedProducts(callerOf(request), request.params.sessionId, request.body.productIds),
    }),
  });

  app.route({
    ...restRoute(app, routes.add),
    ...signedIn,
    handler: async (request, reply) =>
      reply.status(201).send({
        success: true,
        message: 'Product added to session',
        data: await service.add(callerOf(request), request.params.sessionId, request.body),
      }),
  });

  app.route({
    ...restRoute(app, routes.remove),
    ...signedIn,
    handler: async (request) => ({
      success: true as const,
      message: 'Product removed from session',
      data: await service.remove(callerOf(request), request.params.sessionId, request.params.productId),
    }),
  });

  app.route({
    ...restRoute(app, routes.feature),
    ...signedIn,
    handler: async (request) => {
      const { sessionId, productId } = request.params;
      return {
        success: true as const,
        message: request.body.featured ? 'Product featured' : 'Product no longer featured',
        data: await service.setFeatured(callerOf(request), sessionId, productId, request.body.featured),
      };
    },
  });

  app.route({
    ...restRoute(app, routes.setOrder),
    ...signedIn,
    handler: async (request) => {
      const { sessionId, productId } = request.params;
      return {
        success: true as const,
        message: 'Display order updated',
        data: await service.setDisplayOrder(callerOf(request), sessionId, productId, request.body.displayOrder),
      };
    },
  });
};

/** `POST /api/sessions/:sessionId/showcase` (registered under the /sessions prefix) — seed 003 "Product Showcase". */
export const showcaseRoutes: FastifyPluginAsyncZod<{ service: SessionProductsService }> = async (app, { service }) => {
  app.route({
    ...restRoute(app, restRoutes.sessions.showcase),
    ...signedIn,
    handler: async (request) => {
      const result = await service.showcase({
        sessionId: request.params.sessionId,
        productId: request.body.productId,
        actor: callerOf(request),
      });
      return {
        success: true as const,
        message: result.product ? 'Product showcased successfully' : 'Showcase cleared',
        data: result,
      };
    },
  });
};
