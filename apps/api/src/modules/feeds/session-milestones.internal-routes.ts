import {
  apiInternalRoutes,
  sessionMilestoneBatchResultSchema,
  sessionMilestoneBatchSchema,
  successEnvelope,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MilestonesReached } from './session-milestones.ts';

/** realtime → API: crossings of viewer and reaction thresholds, answered once their notifications are stored. */
export const sessionMilestonesInternalRoutes: FastifyPluginAsyncZod<{ milestonesReached: MilestonesReached }> = async (
  app,
  { milestonesReached },
) => {
  app.post(
    apiInternalRoutes.sessionMilestones,
    {
      schema: {
        tags: ['internal'],
        summary: 'Sessions that crossed a viewer or reaction milestone',
        body: sessionMilestoneBatchSchema,
        response: { 200: successEnvelope(sessionMilestoneBatchResultSchema) },
      },
    },
    async (request) => {
      const { notified } = await milestonesReached(request.body.milestones);
      return { success: true as const, data: { received: request.body.milestones.length, notified } };
    },
  );
};
