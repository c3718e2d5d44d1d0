import {
  apiInternalRoutes,
  dashboardActionRecordSchema,
  dashboardActionResultSchema,
  successEnvelope,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FeatureAnalyticsService } from './feature-analytics.service.ts';

/**
 * A visitor dashboard's action (seed 002's `track_dashboard_action`), handed over by the realtime
 * node that holds the dashboard's socket: stored as that admin's feature event, answered once committed.
 */
export const dashboardActionsInternalRoutes: FastifyPluginAsyncZod<{ service: FeatureAnalyticsService }> = async (
  app,
  { service },
) => {
  app.post(
    apiInternalRoutes.dashboardActions,
    {
      schema: {
        tags: ['internal'],
        summary: 'Record a visitor-dashboard action as the admin’s feature event',
        body: dashboardActionRecordSchema,
        response: { 200: successEnvelope(dashboardActionResultSchema) },
      },
    },
    async (request) => {
      const { userId, ...event } = request.body;
      await service.importEvents(userId, [event]);
      return { success: true as const, data: { recorded: true as const } };
    },
  );
};
