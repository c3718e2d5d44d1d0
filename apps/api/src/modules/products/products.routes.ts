import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ProductsService } from './products.service.ts';

export const productRoutes: FastifyPluginAsyncZod<{ service: ProductsService }> = async () => {};
