import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SessionProductsService } from './session-products.service.ts';

export const sessionProductsRoutes: FastifyPluginAsyncZod<{ service: SessionProductsService }> = async () => {};

/** `POST /api/sessions/:id/showcase` (registered under the /sessions prefix). */
export const showcaseRoutes: FastifyPluginAsyncZod<{ service: SessionProductsService }> = async () => {};
