import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SessionsService } from './sessions.service.ts';

export const sessionsRoutes: FastifyPluginAsyncZod<{ service: SessionsService }> = async () => {};
