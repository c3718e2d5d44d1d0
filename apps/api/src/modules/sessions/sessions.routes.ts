import { restRoutes } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth, requireRole } from '../../plugins/app/authentication.ts';
import { canManage, creatorRoles } from '../../shared/authorization.ts';
import { privateAnswer, sendPrepared } from '../../shared/prepared-reply.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { PublicReads } from '../public-reads/public-reads.ts';
import type { SessionsService } from './sessions.service.ts';

const routes = restRoutes.sessions;
// onRequest rather than preHandler: an anonymous write is a 401 before its body is even parsed.
const signedIn = { onRequest: requireAuth };

/**
 * /api/sessions — seed 003's "Sessions Routes" and "Live Streaming with Agora". Whose session may
 * be changed depends on the id, so the service decides that; only creating one is a matter of role.
 */
export const sessionsRoutes: FastifyPluginAsyncZod<{ service: SessionsService; reads: PublicReads }> = async (
  app,
  { service, reads },
) => {
  app.route({
    ...restRoute(app, routes.list),
    handler: async (request) => {
      const { items, meta } = await service.list(request.auth, request.query);
      return { success: true as const, data: items, meta };
    },
  });

  app.route({
    ...restRoute(app, routes.get),
    // A crowd's read: the public answer from memory; whoever may manage the session reads it fresh.
    handler: async (request, reply) => {
      const { sessionId } = request.params;
      const shared = await reads.detail(sessionId, () => service.get(null, sessionId));
      if (!canManage(request.auth, { session: { creatorId: shared.creatorId } })) {
        return sendPrepared(request, reply, shared.answer);
      }
      privateAnswer(reply);
      return { success: true as const, data: await service.get(request.auth, sessionId) };
    },
  });

  app.route({
    ...restRoute(app, routes.create),
    onRequest: requireRole(...creatorRoles),
    handler: async (request, reply) =>
      reply.status(201).send({
        success: true,
        message: 'Session created successfully',
        data: await service.create(callerOf(request), request.body),
      }),
  });

  app.route({
    ...restRoute(app, routes.update),
    ...signedIn,
    handler: async (request) => ({
      success: true as const,
      message: 'Session updated',
      data: await service.update(callerOf(request), request.params.sessionId, request.body),
    }),
  });

  app.route({
    ...restRoute(app, routes.delete),
    ...signedIn,
    handler: async (request) => ({
      success: true as const,
      message: 'Session deleted',
      data: await service.delete(callerOf(request), request.params.sessionId),
    }),
  });

  app.route({
    ...restRoute(app, routes.changeStatus),
    ...signedIn,
    handler: async (request) => ({
      success: true as const,
      message: `Session is now ${request.body.status}`,
      data: await service.changeStatus(callerOf(request), request.params.sessionId, request.body.status),
    }),
  });

  app.route({
    ...restRoute(app, routes.startStream),
    ...signedIn,
    handler: async (request) => ({
      success: true as const,
      message: 'Stream started successfully',
      data: await service.startStream(callerOf(request), request.params.sessionId),
    }),
  });

  app.route({
    ...restRoute(app, routes.endStream),
    ...signedIn,
    handler: async (request) => ({
      success: true as const,
      message: 'Stream ended successfully',
      data: await service.endStream(callerOf(request), request.params.sessionId),
    }),
  });

  app.route({
    ...restRoute(app, routes.streamToken),
    handler: async (request, reply) => {
      const { sessionId } = request.params;
      return sendPrepared(
        request,
        reply,
        await reads.subscriberToken(sessionId, () => service.subscriberToken(sessionId)),
      );
    },
  });

  app.route({
    ...restRoute(app, routes.refreshStreamToken),
    handler: async (request) => ({
      success: true as const,
      message: 'Token refreshed',
      data: await service.refreshToken(request.auth, request.params.sessionId),
    }),
  });
};
