import { restRoutes, UnauthorizedError } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { AuthService } from './auth.service.ts';
import { type RefreshTokenCookie, refreshTokenCookieName } from './refresh-token-cookie.ts';
import { requireJsonWhenBodySent } from './require-json-body.ts';

const routes = restRoutes.auth;

/**
 * /api/auth — seed 003's table plus seed 004's `/me`. Every answer that signs in also sets the
 * refresh token as an httpOnly cookie, for the web app; the JSON body still carries both tokens.
 */
export const authRoutes: FastifyPluginAsyncZod<{ service: AuthService; refreshCookie: RefreshTokenCookie }> = async (
  app,
  { service, refreshCookie },
) => {
  app.route({
    ...restRoute(app, routes.register),
    handler: async (request, reply) => {
      const data = await service.register(request.body);
      refreshCookie.set(reply, data.refreshToken);
      return reply.status(201).send({ success: true, message: 'Registration successful', data });
    },
  });

  app.route({
    ...restRoute(app, routes.login),
    handler: async (request, reply) => {
      const data = await service.login(request.body, request.ip);
      refreshCookie.set(reply, data.refreshToken);
      return { success: true as const, message: 'Login successful', data };
    },
  });

  app.route({
    ...restRoute(app, routes.refreshToken),
    // The cookie is SameSite=Strict, so another site cannot make the browser send it; requiring JSON
    // as well keeps a same-site HTML form (which can post text/plain, never JSON) from using it.
    preValidation: requireJsonWhenBodySent,
    handler: async (request, reply) => {
      const fromBody = request.body?.refreshToken;
      const refreshToken = fromBody ?? refreshCookie.read(request);
      if (refreshToken === undefined) {
        throw new UnauthorizedError(
          `A refresh token is required: send refreshToken in the body, or the ${refreshTokenCookieName} cookie`,
        );
      }
      try {
        const data = await service.refresh(refreshToken);
        refreshCookie.set(reply, data.refreshToken);
        return { success: true as const, data };
      } catch (error) {
        // A refused cookie (expired, reused, its login ended) would be refused forever: drop it.
        if (fromBody === undefined && error instanceof UnauthorizedError) refreshCookie.clear(reply);
        throw error;
      }
    },
  });

  app.route({
    ...restRoute(app, routes.logout),
    preHandler: requireAuth,
    handler: async (request, reply) => {
      await service.logout(callerOf(request));
      refreshCookie.clear(reply);
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
