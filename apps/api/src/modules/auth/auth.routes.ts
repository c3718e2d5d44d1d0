import {
  authResultSchema,
  loginBodySchema,
  refreshBodySchema,
  registerBodySchema,
  successEnvelope,
  updateMeBodySchema,
  userSchema,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import type { AuthService } from './auth.service.ts';

const authResponse = successEnvelope(authResultSchema);
const userResponse = successEnvelope(userSchema);
const tags = ['auth'];
const secured = [{ bearerAuth: [] }];

/** /api/auth — seed 003's table plus seed 004's `/me`. */
export const authRoutes: FastifyPluginAsyncZod<{ service: AuthService }> = async (app, { service }) => {
  app.post(
    '/register',
    { schema: { tags, body: registerBodySchema, response: { 201: authResponse } } },
    async (request, reply) =>
      reply
        .status(201)
        .send({ success: true, message: 'Registration successful', data: await service.register(request.body) }),
  );

  app.post('/login', { schema: { tags, body: loginBodySchema, response: { 200: authResponse } } }, async (request) => ({
    success: true as const,
    message: 'Login successful',
    data: await service.login(request.body, request.ip),
  }));

  app.post(
    '/refresh-token',
    { schema: { tags, body: refreshBodySchema, response: { 200: authResponse } } },
    async (request) => ({ success: true as const, data: await service.refresh(request.body.refreshToken) }),
  );

  app.post(
    '/logout',
    {
      preHandler: requireAuth,
      schema: { tags, security: secured, response: { 200: successEnvelope(z.object({ loggedOut: z.literal(true) })) } },
    },
    async (request) => {
      await service.logout(callerOf(request));
      return { success: true as const, message: 'Logged out', data: { loggedOut: true as const } };
    },
  );

  for (const path of ['/currentUser', '/me']) {
    app.get(
      path,
      { preHandler: requireAuth, schema: { tags, security: secured, response: { 200: userResponse } } },
      async (request) => ({ success: true as const, data: await service.currentUser(callerOf(request)) }),
    );
  }

  app.post(
    '/update',
    {
      preHandler: requireAuth,
      schema: { tags, security: secured, body: updateMeBodySchema, response: { 200: userResponse } },
    },
    async (request) => ({
      success: true as const,
      data: await service.updateMe(callerOf(request), request.body),
      // The caller's own access token ended with the password; their refresh token still works.
      message:
        request.body.password === undefined
          ? 'Profile updated'
          : 'Password changed; every access token has ended: refresh yours (other logins must sign in again)',
    }),
  );
};
