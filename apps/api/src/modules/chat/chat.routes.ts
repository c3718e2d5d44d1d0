import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ChatService } from './chat.service.ts';

export const chatRoutes: FastifyPluginAsyncZod<{ service: ChatService }> = async () => {};
