import {
  apiInternalRoutes,
  successEnvelope,
  viewerSnapshotBatchResultSchema,
  viewerSnapshotBatchSchema,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ViewerSnapshotService } from './viewer-snapshots.service.ts';

export const viewerSnapshotInternalRoutes: FastifyPluginAsyncZod<{ service: ViewerSnapshotService }> = async (
  app,
  { service },
) => {
  app.post(
    apiInternalRoutes.viewerSnapshots,
    {
      schema: {
        tags: ['internal'],
        summary: 'Store minute viewer snapshots from a realtime node',
        body: viewerSnapshotBatchSchema,
        response: { 200: successEnvelope(viewerSnapshotBatchResultSchema) },
      },
    },
    async (request) => ({ success: true as const, data: await service.ingestBatch(request.body) }),
  );
};
