import {
  createSessionBodySchema,
  pagedEnvelope,
  sessionDetailSchema,
  sessionListQuerySchema,
  sessionSchema,
  streamTokenSchema,
  successEnvelope,
  updateSessionBodySchema,
  updateSessionStatusBodySchema,
  uuidParamsSchema,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, requireAuth, requireRole } from '../../plugins/app/authentication.ts';
import { creatorRoles } from '../../shared/authorization.ts';
import type { SessionsService } from './sessions.service.ts';

const detailResponse = successEnvelope(sessionDetailSchema);
const tokenResponse = successEnvelope(streamTokenSchema);
const tags = ['sessions'];
const streamingTags = ['sessions', 'streaming'];
const secured = [{ bearerAuth: [] }];
/** Works anonymously; with a token, the owner's (and admins') view carries the stream key, or a publisher token. */
const optionallySecured: Record<string, string[]>[] = [{}, { bearerAuth: [] }];
// onRequest rather than preHandler: an anonymous write is a 401 before its body is even parsed.
const signedIn = { onRequest: requireAuth };

/**
 * /api/sessions — seed 003's "Sessions Routes" and "Live Streaming with Agora". Whose session may
 * be changed depends on the id, so the service decides that; only creating one is a matter of role.
 */
export const sessionsRoutes: FastifyPluginAsyncZod<{ service: SessionsService }> = async (app, { service }) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        security: optionallySecured,
        querystring: sessionListQuerySchema,
        response: { 200: pagedEnvelope(sessionSchema) },
      },
    },
    async (request) => {
      const { items, meta } = await service.list(request.auth, request.query);
      return { success: true as const, data: items, meta };
    },
  );

  app.get(
    '/:id',
    { schema: { tags, security: optionallySecured, params: uuidParamsSchema, response: { 200: detailResponse } } },
    async (request) => ({ success: true as const, data: await service.get(request.auth, request.params.id) }),
  );

  app.post(
    '/',
    {
      onRequest: requireRole(...creatorRoles),
      schema: { tags, security: secured, body: createSessionBodySchema, response: { 201: detailResponse } },
    },
    async (request, reply) =>
      reply.status(201).send({
        success: true,
        message: 'Session created successfully',
        data: await service.create(callerOf(request), request.body),
      }),
  );

  app.patch(
    '/:id',
    {
      ...signedIn,
      schema: {
        tags,
        security: secured,
        params: uuidParamsSchema,
        body: updateSessionBodySchema,
        response: { 200: detailResponse },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Session updated',
      data: await service.update(callerOf(request), request.params.id, request.body),
    }),
  );

  app.delete(
    '/:id',
    {
      ...signedIn,
      schema: {
        tags,
        security: secured,
        params: uuidParamsSchema,
        response: { 200: successEnvelope(z.object({ id: z.uuid() })) },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Session deleted',
      data: await service.delete(callerOf(request), request.params.id),
    }),
  );

  app.patch(
    '/:id/status',
    {
      ...signedIn,
      schema: {
        tags,
        security: secured,
        params: uuidParamsSchema,
        body: updateSessionStatusBodySchema,
        response: { 200: detailResponse },
      },
    },
    async (request) => ({
      success: true as const,
      message: `Session is now ${request.body.status}`,
      data: await service.changeStatus(callerOf(request), request.params.id, request.body.status),
    }),
  );

  app.post(
    '/:id/start-stream',
    {
      ...signedIn,
      schema: {
        tags: streamingTags,
        security: secured,
        params: uuidParamsSchema,
        response: { 200: tokenResponse },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Stream started successfully',
      data: await service.startStream(callerOf(request), request.params.id),
    }),
  );

  app.post(
    '/:id/end-stream',
    {
      ...signedIn,
      schema: { tags: streamingTags, security: secured, params: uuidParamsSchema, response: { 200: detailResponse } },
    },
    async (request) => ({
      success: true as const,
      message: 'Stream ended successfully',
      data: await service.endStream(callerOf(request), request.params.id),
    }),
  );

  app.get(
    '/:id/stream-token',
    {
      schema: {
        tags: streamingTags,
        security: optionallySecured,
        params: uuidParamsSchema,
        response: { 200: tokenResponse },
      },
    },
    async (request) => ({ success: true as const, data: await service.subscriberToken(request.params.id) }),
  );

  app.post(
    '/:id/refresh-token',
    {
      schema: {
        tags: streamingTags,
        security: optionallySecured,
        params: uuidParamsSchema,
        response: { 200: tokenResponse },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Token refreshed',
      data: await service.refreshToken(request.auth, request.params.id),
    }),
  );
};
