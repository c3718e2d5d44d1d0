import { apiInternalRoutes, chatMessageSchema, internalChatMessageSchema, successEnvelope } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ChatService } from '../chat/chat.service.ts';

/**
 * Actions users take over a socket that must be persisted by the API under the same rules as
 * REST. The realtime node has verified who the user is (their handshake token) and announces
 * the result to the room itself, so these routes store and answer without broadcasting.
 */
export const socketActionInternalRoutes: FastifyPluginAsyncZod<{ chat: ChatService }> = async (app, { chat }) => {
  app.post(
    apiInternalRoutes.chatMessages,
    { schema: { body: internalChatMessageSchema, response: { 201: successEnvelope(chatMessageSchema) } } },
    async (request, reply) =>
      reply.status(201).send({ success: true, data: await chat.send(request.body, { announce: false }) }),
  );
};
