import { restRoutes } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { EngagementStatsService } from './engagement-stats.service.ts';

/**
 * Mounted at the API root beside feature analytics' `GET /analytics` and the creator dashboard's
 * `/analytics/creator/:creatorId`: `/analytics/leaderboard/all` and `/analytics/creator/…` are
 * static segments, which the router prefers to `/analytics/:userId` whatever the order.
 */
export const engagementStatsRoutes: FastifyPluginAsyncZod<{ service: EngagementStatsService }> = async (
  app,
  { service },
) => {
  app.route({
    ...restRoute(app, restRoutes.engagementStats.leaderboard),
    handler: async (request) => {
      const { board, meta } = await service.leaderboard(request.auth, request.query);
      return { success: true as const, data: board, meta };
    },
  });

  app.route({
    ...restRoute(app, restRoutes.engagementStats.user),
    onRequest: requireAuth,
    handler: async (request) => ({
      success: true as const,
      data: await service.userStats(callerOf(request), request.params.userId),
    }),
  });
};
