import {
  apiInternalRoutes,
  chatMessageSchema,
  internalChatMessageSchema,
  internalShowcaseSchema,
  showcaseResultSchema,
  successEnvelope,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ownerOnlyActor } from '../../shared/authorization.ts';
import type { ChatService } from '../chat/chat.service.ts';
import type { SessionProductsService } from '../session-products/session-products.service.ts';

/**
 * Actions users take over a socket that must be persisted by the API under the same rules as
 * REST. The realtime node has verified who the user is (their handshake token) and announces
 * the result to the room itself, so these routes store and answer without broadcasting.
 */
export const socketActionInternalRoutes: FastifyPluginAsyncZod<{
  chat: ChatService;
  sessionProducts: SessionProductsService;
}> = async (app, { chat, sessionProducts }) => {
  app.post(
    apiInternalRoutes.chatMessages,
    { schema: { body: internalChatMessageSchema, response: { 201: successEnvelope(chatMessageSchema) } } },
    async (request, reply) =>
      reply.status(201).send({ success: true, data: await chat.send(request.body, { announce: false }) }),
  );

  app.post(
    apiInternalRoutes.showcase,
    { schema: { body: internalShowcaseSchema, response: { 200: successEnvelope(showcaseResultSchema) } } },
    async (request) => {
      const { sessionId, actorUserId, productId } = request.body;
      // Ownership is checked again here by user id; sockets only let the creator get this far.
      return {
        success: true as const,
        data: await sessionProducts.showcase({
          sessionId,
          productId,
          actor: ownerOnlyActor(actorUserId),
          announce: false,
        }),
      };
    },
  );
};
