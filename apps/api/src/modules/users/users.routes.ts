import {
  createUserBodySchema,
  liveUsersEnvelope,
  pagedEnvelope,
  paginationQuerySchema,
  successEnvelope,
  updateUserBodySchema,
  userSchema,
  uuidParamsSchema,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, requireAuth, requireRole } from '../../plugins/app/authentication.ts';
import type { UsersService } from './users.service.ts';

const userResponse = successEnvelope(userSchema);
const usersPage = pagedEnvelope(userSchema);
const deletedResponse = successEnvelope(z.object({ id: z.uuid() }));
const tags = ['users'];
const secured = [{ bearerAuth: [] }];
/** Reads work anonymously; with a token, the caller's own record (or, for admins, every record) shows private fields. */
const optionallySecured: Record<string, string[]>[] = [{}, { bearerAuth: [] }];

/**
 * /api/users — seed 003's table. Writes check the caller in `onRequest`, so anonymous callers
 * (and non-admins creating users) are turned away before the body is even parsed. Whose account
 * may be changed depends on the id, so the service decides that.
 */
export const userRoutes: FastifyPluginAsyncZod<{ service: UsersService }> = async (app, { service }) => {
  app.get(
    '/',
    { schema: { tags, security: optionallySecured, querystring: paginationQuerySchema, response: { 200: usersPage } } },
    async (request) => {
      const { items, meta } = await service.list(request.auth, request.query);
      return { success: true as const, data: items, meta };
    },
  );

  app.get(
    '/live',
    { schema: { tags, security: optionallySecured, response: { 200: liveUsersEnvelope } } },
    async (request) => {
      const live = await service.listLive(request.auth);
      return { success: true as const, data: live, meta: { count: live.length } };
    },
  );

  app.get(
    '/:id',
    { schema: { tags, security: optionallySecured, params: uuidParamsSchema, response: { 200: userResponse } } },
    async (request) => ({ success: true as const, data: await service.get(request.auth, request.params.id) }),
  );

  app.post(
    '/',
    {
      onRequest: requireRole('admin'),
      schema: { tags, security: secured, body: createUserBodySchema, response: { 201: userResponse } },
    },
    async (request, reply) =>
      reply.status(201).send({
        success: true,
        message: 'User created',
        data: await service.create(callerOf(request), request.body),
      }),
  );

  app.put(
    '/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        security: secured,
        params: uuidParamsSchema,
        body: updateUserBodySchema,
        response: { 200: userResponse },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'User updated',
      data: await service.update(callerOf(request), request.params.id, request.body),
    }),
  );

  app.delete(
    '/:id',
    {
      onRequest: requireAuth,
      schema: { tags, security: secured, params: uuidParamsSchema, response: { 200: deletedResponse } },
    },
    async (request) => ({
      success: true as const,
      message: 'User deleted',
      data: await service.delete(callerOf(request), request.params.id),
    }),
  );
};
