import { restRoutes } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth, requireRole } from '../../plugins/app/authentication.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { UsersService } from './users.service.ts';

const routes = restRoutes.users;

/**
 * /api/users — seed 003's table. Writes check the caller in `onRequest`, so anonymous callers
 * (and non-admins creating users) are turned away before the body is even parsed. Whose account
 * may be changed depends on the id, so the service decides that. Reads work anonymously; with a
 * token, the caller's own record (or, for admins, every record) shows private fields.
 */
export const userRoutes: FastifyPluginAsyncZod<{ service: UsersService }> = async (app, { service }) => {
  app.route({
    ...restRoute(app, routes.list),
    handler: async (request) => {
      const { items, meta } = await service.list(request.auth, request.query);
      return { success: true as const, data: items, meta };
    },
  });

  app.route({
    ...restRoute(app, routes.listLive),
    handler: async (request) => {
      const live = await service.listLive(request.auth);
      return { success: true as const, data: live, meta: { count: live.length } };
    },
  });

  app.route({
    ...restRoute(app, routes.get),
    handler: async (request) => ({
      success: true as const,
      data: await service.get(request.auth, request.params.userId),
    }),
  });

  app.route({
    ...restRoute(app, routes.create),
    onRequest: requireRole('admin'),
    handler: async (request, reply) =>
      reply.status(201).send({
        success: true,
        message: 'User created',
        data: await service.create(callerOf(request), request.body),
      }),
  });

  app.route({
    ...restRoute(app, routes.update),
    onRequest: requireAuth,
    handler: async (request) => ({
      success: true as const,
      message: 'User updated',
      data: await service.update(callerOf(request), request.params.userId, request.body),
    }),
  });

  app.route({
    ...restRoute(app, routes.delete),
    onRequest: requireAuth,
    handler: async (request) => ({
      success: true as const,
      message: 'User deleted',
      data: await service.delete(callerOf(request), request.params.userId),
    }),
  });
};
