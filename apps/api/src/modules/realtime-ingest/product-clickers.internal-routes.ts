import {
  apiInternalRoutes,
  productClickerBatchResultSchema,
  productClickerBatchSchema,
  successEnvelope,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ProductClickersService } from './product-clickers.service.ts';

export const productClickersInternalRoutes: FastifyPluginAsyncZod<{ service: ProductClickersService }> = async (
  app,
  { service },
) => {
  app.post(
    apiInternalRoutes.productClickers,
    {
      schema: {
        tags: ['internal'],
        summary: "Store viewers' first clicks on a session's products, from a realtime node",
        body: productClickerBatchSchema,
        response: { 200: successEnvelope(productClickerBatchResultSchema) },
      },
    },
    async (request) => ({ success: true as const, data: await service.ingestBatch(request.body) }),
  );
};
