import { restRoutes } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import { sendPrepared } from '../../shared/prepared-reply.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { PublicReads } from '../public-reads/public-reads.ts';
import type { ChatService } from './chat.service.ts';

const routes = restRoutes.chat;

/**
 * /api/sessions/:sessionId/chat — seed 003 "Chat Routes". Reads are public; `GET /` is newest
 * first with a `before` cursor, and its `meta` carries the page's `count` and the next cursor.
 * Who may moderate depends on the session, so the service decides that.
 */
export const chatRoutes: FastifyPluginAsyncZod<{ service: ChatService; reads: PublicReads }> = async (
  app,
  { service, reads },
) => {
  app.route({
    ...restRoute(app, routes.list),
    handler: async (request, reply) => {
      const { sessionId } = request.params;
      const page = async () => {
        const { items, meta } = await service.list(sessionId, request.query);
        return { success: true as const, data: items, meta };
      };
      // The newest page is what every arriving viewer loads; a cursor's page is read fresh.
      if (request.query.before !== undefined) return page();
      return sendPrepared(request, reply, await reads.newestChat(sessionId, request.query.limit, page));
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
