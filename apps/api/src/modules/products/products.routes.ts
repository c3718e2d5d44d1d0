import {
  createProductBodySchema,
  pagedEnvelope,
  pageMeta,
  productListQuerySchema,
  productSchema,
  successEnvelope,
  updateProductBodySchema,
  uuidParamsSchema,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import type { ProductsService } from './products.service.ts';

const productResponse = successEnvelope(productSchema);
const tags = ['products'];
const secured = [{ bearerAuth: [] }];
// onRequest rather than preHandler: an anonymous write is a 401 before its body is even parsed,
// so a caller without a token learns nothing from validation errors.
const signedIn = { onRequest: requireAuth };

/** /api/products — seed 003's catalog. Who may write what is decided in the service. */
export const productRoutes: FastifyPluginAsyncZod<{ service: ProductsService }> = async (app, { service }) => {
  app.get(
    '/',
    { schema: { tags, querystring: productListQuerySchema, response: { 200: pagedEnvelope(productSchema) } } },
    async (request) => {
      const { items, total } = await service.list(request.query);
      return { success: true as const, data: items, meta: pageMeta(total, request.query) };
    },
  );

  app.get(
    '/:id',
    { schema: { tags, params: uuidParamsSchema, response: { 200: productResponse } } },
    async (request) => ({ success: true as const, data: await service.get(request.params.id) }),
  );

  app.post(
    '/',
    {
      ...signedIn,
      schema: { tags, security: secured, body: createProductBodySchema, response: { 201: productResponse } },
    },
    async (request, reply) =>
      reply.status(201).send({
        success: true,
        message: 'Product created',
        data: await service.create(callerOf(request), request.body),
      }),
  );

  app.put(
    '/:id',
    {
      ...signedIn,
      schema: {
        tags,
        security: secured,
        params: uuidParamsSchema,
        body: updateProductBodySchema,
        response: { 200: productResponse },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Product updated',
      data: await service.update(callerOf(request), request.params.id, request.body),
    }),
  );

  app.delete(
    '/:id',
    {
      ...signedIn,
      schema: {
        tags,
        security: secured,
        params: uuidParamsSchema,
        response: { 200: successEnvelope(z.object({ id: z.uuid() })) },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Product deleted',
      data: await service.delete(callerOf(request), request.params.id),
    }),
  );
};
