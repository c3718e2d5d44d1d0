import { restRoutes } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { ChatService } from './chat.service.ts';

const routes = restRoutes.chat;

/**
 * /api/sessions/:sessionId/chat — seed 003 "Chat Routes". Reads are public; `GET /` is newest
 * first with a `before` cursor, and its `meta` carries the page's `count` and the next cursor.
 * Who may moderate depends on the session, so the service decides that.
 */
export const chatRoutes: FastifyPluginAsyncZod<{ service: ChatService }> = async (app, { service }) => {
  app.route({
    ...restRoute(app, routes.list),
    handler: async (request) => {
      const { items, meta } = await service.list(request.params.sessionId, request.query);
      return { success: true as const, data: items, meta };
    },
  });

  app.route({
    ...restRoute(app, routes.count),
    handler: async (request) => ({ success: true as const, data: await service.count(request.params.sessionId) }),
  });

  app.route({
    ...restRoute(app, routes.send),
    onRequest: requireAuth,
    handler: async (request, reply) =>
      reply.status(201).send({
        success: true,
        message: 'Message sent',
        data: await service.send({
          sessionId: request.params.sessionId,
          userId: callerOf(request).userId,
          message: request.body.message,
        }),
      }),
  });

  app.route({
    ...restRoute(app, routes.delete),
    onRequest: requireAuth,
    handler: async (request) => ({
      success: true as const,
      message: 'Message deleted',
      data: await service.delete(callerOf(request), request.params),
    }),
  });
};
