import { pageMeta, restRoutes } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import { sendPrepared } from '../../shared/prepared-reply.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { PublicReads } from '../public-reads/public-reads.ts';
import type { ProductsService } from './products.service.ts';

const routes = restRoutes.products;
// onRequest rather than preHandler: an anonymous write is a 401 before its body is even parsed,
// so a caller without a token learns nothing from validation errors.
const signedIn = { onRequest: requireAuth };

/** /api/products — seed 003's catalog. Who may write what is decided in the service. */
export const productRoutes: FastifyPluginAsyncZod<{ service: ProductsService; reads: PublicReads }> = async (
  app,
  { service, reads },
) => {
  app.route({
    ...restRoute(app, routes.list),
    handler: async (request, reply) => {
      const answer = await reads.listing(routes.list, request.query, async () => {
        const { items, total } = await service.list(request.query);
        return { success: true as const, data: items, meta: pageMeta(total, request.query) };
      });
      return sendPrepared(request, reply, answer);
    },
  });

  app.route({
    ...restRoute(app, routes.get),
    handler: async (request) => ({ success: true as const, data: await service.get(request.params.productId) }),
  });

  app.route({
    ...restRoute(app, routes.create),
    ...signedIn,
    handler: async (request, reply) =>
      reply.status(201).send({
        success: true,
        message: 'Product created',
        data: await service.create(callerOf(request), request.body),
      }),
  });

  app.route({
    ...restRoute(app, routes.update),
    ...signedIn,
    handler: async (request) => ({
      success: true as const,
      message: 'Product updated',
      data: await service.update(callerOf(request), request.params.productId, request.body),
    }),
  });

  app.route({
    ...restRoute(app, routes.delete),
    ...signedIn,
    handler: async (request) => ({
      success: true as const,
      message: 'Product deleted',
      data: await service.delete(callerOf(request), request.params.productId),
    }),
  });
};
