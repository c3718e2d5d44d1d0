import { apiInternalRoutes, sessionAudienceSchema, sessionIdParamsSchema, successEnvelope } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SessionAudienceService } from './session-audience.service.ts';

export const sessionAudienceInternalRoutes: FastifyPluginAsyncZod<{ service: SessionAudienceService }> = async (
  app,
  { service },
) => {
  app.get(
    apiInternalRoutes.sessionAudience,
    {
      schema: {
        tags: ['internal'],
        summary: "Everyone counted so far in a session (viewers, each product's clickers), for a realtime node",
        params: sessionIdParamsSchema,
        response: { 200: successEnvelope(sessionAudienceSchema) },
      },
    },
    async (request) => ({ success: true as const, data: await service.get(request.params.sessionId) }),
  );
};
