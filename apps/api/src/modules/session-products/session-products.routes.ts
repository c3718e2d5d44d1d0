import {
  addSessionProductBodySchema,
  removedSessionProductSchema,
  sessionIdParamsSchema,
  sessionProductListQuerySchema,
  sessionProductListSchema,
  sessionProductParamsSchema,
  sessionProductSchema,
  setSessionProductFeaturedBodySchema,
  setSessionProductOrderBodySchema,
  showcaseBodySchema,
  showcaseResultSchema,
  successEnvelope,
  updateFeaturedProductsBodySchema,
  uuidParamsSchema,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import type { SessionProductsService } from './session-products.service.ts';

const listResponse = successEnvelope(sessionProductListSchema);
const itemResponse = successEnvelope(sessionProductSchema);
const tags = ['session-products'];
const secured = [{ bearerAuth: [] }];
// onRequest rather than preHandler: an anonymous write is a 401 before its body is even parsed.
// Whether the caller owns the session depends on the session, so the service decides that.
const signedIn = { onRequest: requireAuth };

/**
 * /api/sessions/:sessionId/products — seed 003's "Session Products Routes". A session's products
 * are a short curated list (GET /api/sessions/:id returns all of them too), so it is not paged.
 */
export const sessionProductsRoutes: FastifyPluginAsyncZod<{ service: SessionProductsService }> = async (
  app,
  { service },
) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        params: sessionIdParamsSchema,
        querystring: sessionProductListQuerySchema,
        response: { 200: listResponse },
      },
    },
    async (request) => ({
      success: true as const,
      data: await service.list(request.params.sessionId, request.query),
    }),
  );

  app.patch(
    '/',
    {
      ...signedIn,
      schema: {
        tags,
        security: secured,
        params: sessionIdParamsSchema,
        body: updateFeaturedProductsBodySchema,
        response: { 200: listResponse },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Featured products updated successfully',
      data: await service.setFeaturedProducts(callerOf(request), request.params.sessionId, request.body.productIds),
    }),
  );

  app.post(
    '/',
    {
      ...signedIn,
      schema: {
        tags,
        security: secured,
        params: sessionIdParamsSchema,
        body: addSessionProductBodySchema,
        response: { 201: itemResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        success: true,
        message: 'Product added to session',
        data: await service.add(callerOf(request), request.params.sessionId, request.body),
      }),
  );

  app.delete(
    '/:productId',
    {
      ...signedIn,
      schema: {
        tags,
        security: secured,
        params: sessionProductParamsSchema,
        response: { 200: successEnvelope(removedSessionProductSchema) },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Product removed from session',
      data: await service.remove(callerOf(request), request.params.sessionId, request.params.productId),
    }),
  );

  app.patch(
    '/:productId/feature',
    {
      ...signedIn,
      schema: {
        tags,
        security: secured,
        params: sessionProductParamsSchema,
        body: setSessionProductFeaturedBodySchema,
        response: { 200: itemResponse },
      },
    },
    async (request) => {
      const { sessionId, productId } = request.params;
      return {
        success: true as const,
        message: request.body.featured ? 'Product featured' : 'Product no longer featured',
        data: await service.setFeatured(callerOf(request), sessionId, productId, request.body.featured),
      };
    },
  );

  app.patch(
    '/:productId/order',
    {
      ...signedIn,
      schema: {
        tags,
        security: secured,
        params: sessionProductParamsSchema,
        body: setSessionProductOrderBodySchema,
        response: { 200: itemResponse },
      },
    },
    async (request) => {
      const { sessionId, productId } = request.params;
      return {
        success: true as const,
        message: 'Display order updated',
        data: await service.setDisplayOrder(callerOf(request), sessionId, productId, request.body.displayOrder),
      };
    },
  );
};

/** `POST /api/sessions/:id/showcase` (registered under the /sessions prefix) — seed 003 "Product Showcase". */
export const showcaseRoutes: FastifyPluginAsyncZod<{ service: SessionProductsService }> = async (app, { service }) => {
  app.post(
    '/:id/showcase',
    {
      ...signedIn,
      schema: {
        tags,
        security: secured,
        params: uuidParamsSchema,
        body: showcaseBodySchema,
        response: { 200: successEnvelope(showcaseResultSchema) },
      },
    },
    async (request) => {
      const result = await service.showcase({
        sessionId: request.params.id,
        productId: request.body.productId,
        actor: callerOf(request),
      });
      return {
        success: true as const,
        message: result.product ? 'Product showcased successfully' : 'Showcase cleared',
        data: result,
      };
    },
  );
};
