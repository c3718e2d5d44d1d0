import {
  apiInternalRoutes,
  sessionViewBatchResultSchema,
  sessionViewBatchSchema,
  successEnvelope,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SessionViewsService } from './session-views.service.ts';

export const sessionViewsInternalRoutes: FastifyPluginAsyncZod<{ service: SessionViewsService }> = async (
  app,
  { service },
) => {
  app.post(
    apiInternalRoutes.sessionViews,
    {
      schema: {
        tags: ['internal'],
        summary: 'Store viewer join/leave records (SessionView) from a realtime node',
        body: sessionViewBatchSchema,
        response: { 200: successEnvelope(sessionViewBatchResultSchema) },
      },
    },
    async (request) => ({ success: true as const, data: await service.ingestBatch(request.body) }),
  );
};
