import {
  apiInternalRoutes,
  sessionTotalsBatchResultSchema,
  sessionTotalsBatchSchema,
  successEnvelope,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SessionTotalsService } from './session-totals.service.ts';

export const sessionTotalsInternalRoutes: FastifyPluginAsyncZod<{ service: SessionTotalsService }> = async (
  app,
  { service },
) => {
  app.post(
    apiInternalRoutes.sessionTotals,
    {
      schema: {
        tags: ['internal'],
        summary: "Store a session's cumulative totals (reactions, product clicks, viewers) from its realtime node",
        body: sessionTotalsBatchSchema,
        response: { 200: successEnvelope(sessionTotalsBatchResultSchema) },
      },
    },
    async (request) => ({ success: true as const, data: await service.ingestBatch(request.body) }),
  );
};
