import {
  chatCountSchema,
  chatListQuerySchema,
  chatMessageDeletedSchema,
  chatMessageParamsSchema,
  chatMessageSchema,
  chatMessagesEnvelope,
  chatSessionParamsSchema,
  sendChatMessageBodySchema,
  successEnvelope,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import type { ChatService } from './chat.service.ts';

const tags = ['chat'];
const secured = [{ bearerAuth: [] }];

/**
 * /api/sessions/:sessionId/chat — seed 003 "Chat Routes". Reads are public; `GET /` is newest
 * first with a `before` cursor, and its `meta` carries the page's `count` and the next cursor.
 * Who may moderate depends on the session, so the service decides that.
 */
export const chatRoutes: FastifyPluginAsyncZod<{ service: ChatService }> = async (app, { service }) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        params: chatSessionParamsSchema,
        querystring: chatListQuerySchema,
        response: { 200: chatMessagesEnvelope },
      },
    },
    async (request) => {
      const { items, meta } = await service.list(request.params.sessionId, request.query);
      return { success: true as const, data: items, meta };
    },
  );

  app.get(
    '/count',
    { schema: { tags, params: chatSessionParamsSchema, response: { 200: successEnvelope(chatCountSchema) } } },
    async (request) => ({ success: true as const, data: await service.count(request.params.sessionId) }),
  );

  app.post(
    '/',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        security: secured,
        params: chatSessionParamsSchema,
        body: sendChatMessageBodySchema,
        response: { 201: successEnvelope(chatMessageSchema) },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        success: true,
        message: 'Message sent',
        data: await service.send({
          sessionId: request.params.sessionId,
          userId: callerOf(request).userId,
          message: request.body.message,
        }),
      }),
  );

  app.delete(
    '/:messageId',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        security: secured,
        params: chatMessageParamsSchema,
        response: { 200: successEnvelope(chatMessageDeletedSchema) },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Message deleted',
      data: await service.delete(callerOf(request), request.params),
    }),
  );
};
