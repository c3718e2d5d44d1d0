import {
  apiInternalRoutes,
  successEnvelope,
  visitorEventBatchResultSchema,
  visitorEventBatchSchema,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { VisitorHistoryService } from './visitor-history.service.ts';

/** The realtime collector's accepted events (seed 002), batched by its outbox; idempotent by event id. */
export const visitorEventsInternalRoutes: FastifyPluginAsyncZod<{ service: VisitorHistoryService }> = async (
  app,
  { service },
) => {
  app.post(
    apiInternalRoutes.visitorEvents,
    {
      schema: {
        tags: ['internal'],
        summary: 'Store accepted visitor events from a realtime node (each id once)',
        body: visitorEventBatchSchema,
        response: { 200: successEnvelope(visitorEventBatchResultSchema) },
      },
    },
    async (request) => ({ success: true as const, data: await service.ingestBatch(request.body) }),
  );
};
