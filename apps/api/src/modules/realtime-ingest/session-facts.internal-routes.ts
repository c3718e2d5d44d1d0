import { apiInternalRoutes, sessionFactsSchema, sessionIdParamsSchema, successEnvelope } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SessionFactsService } from './session-facts.service.ts';

export const sessionFactsInternalRoutes: FastifyPluginAsyncZod<{ service: SessionFactsService }> = async (
  app,
  { service },
) => {
  app.get(
    apiInternalRoutes.sessionFacts,
    {
      schema: {
        tags: ['internal'],
        summary: "A session's facts for a realtime node (creator, status, analytics toggle, products)",
        params: sessionIdParamsSchema,
        response: { 200: successEnvelope(sessionFactsSchema) },
      },
    },
    async (request) => ({ success: true as const, data: await service.get(request.params.sessionId) }),
  );
};
