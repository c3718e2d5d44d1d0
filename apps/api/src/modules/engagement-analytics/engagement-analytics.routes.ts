import { restRoutes } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { EngagementAnalyticsService } from './engagement-analytics.service.ts';

/**
 * Mounted at the API root: `/sessions/:sessionId/reactions`, `/sessions/:sessionId/conversion-stats`
 * (seed 003: public and optional auth) and `/analytics/creator/:creatorId` (the creator or an admin).
 */
export const engagementAnalyticsRoutes: FastifyPluginAsyncZod<{ service: EngagementAnalyticsService }> = async (
  app,
  { service },
) => {
  app.route({
    ...restRoute(app, restRoutes.sessions.reactions),
    handler: async (request) => ({ success: true as const, data: await service.reactions(request.params.sessionId) }),
  });

  app.route({
    ...restRoute(app, restRoutes.analytics.conversionStats),
    handler: async (request) => ({
      success: true as const,
      data: await service.conversionStats(request.params.sessionId),
    }),
  });

  app.route({
    ...restRoute(app, restRoutes.analytics.creator),
    onRequest: requireAuth,
    handler: async (request) => ({
      success: true as const,
      data: await service.creatorAnalytics(callerOf(request), request.params.creatorId),
    }),
  });
};
