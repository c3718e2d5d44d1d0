import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { UsersService } from './users.service.ts';

export const userRoutes: FastifyPluginAsyncZod<{ service: UsersService }> = async () => {};
