import { restRoutes } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { AuthService } from './auth.service.ts';

const routes = restRoutes.auth;

/** /api/auth — seed 003's table plus seed 004's `/me`. */
export const authRoutes: FastifyPluginAsyncZod<{ service: AuthService }> = async (app, { service }) => {
  app.route({
    ...restRoute(app, routes.register),
    handler: async (request, reply) =>
      reply
        .status(201)
        .send({ success: true, message: 'Registration successful', data: await service.register(request.body) }),
  });

  app.route({
    ...restRoute(app, routes.login),
    handler: async (request) => ({
      success: true as const,
      message: 'Login successful',
      data: await service.login(request.body, request.ip),
    }),
  });

  app.route({
    ...restRoute(app, routes.refreshToken),
    handler: async (request) => ({ success: true as const, data: await service.refresh(request.body.refreshToken) }),
  });

  app.route({
    ...restRoute(app, routes.logout),
    preHandler: requireAuth,
    handler: async (request) => {
      await service.logout(callerOf(request));
      return { success: true as const, message: 'Logged out', data: { loggedOut: true as const } };
    },
  });

  for (const route of [routes.currentUser, routes.me]) {
    app.route({
      ...restRoute(app, route),
      preHandler: requireAuth,
      handler: async (request) => ({ success: true as const, data: await service.currentUser(callerOf(request)) }),
    });
  }

  app.route({
    ...restRoute(app, routes.update),
    preHandler: requireAuth,
    handler: async (request) => ({
      success: true as const,
      data: await service.updateMe(callerOf(request), request.body),
      // The caller's own access token ended with the password; their refresh token still works.
      message:
        request.body.password === undefined
          ? 'Profile updated'
          : 'Password changed; every access token has ended: refresh yours (other logins must sign in again)',
    }),
  });
};
