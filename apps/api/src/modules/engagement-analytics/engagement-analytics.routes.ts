import { restRoutes } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import { sendPrepared } from '../../shared/prepared-reply.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { PublicReads } from '../public-reads/public-reads.ts';
import type { EngagementAnalyticsService } from './engagement-analytics.service.ts';

/**
 * Mounted at the API root: `/sessions/:sessionId/reactions`, `/sessions/:sessionId/conversion-stats`
 * (seed 003: public and optional auth) and `/analytics/creator/:creatorId` (the creator or an admin).
 */
export const engagementAnalyticsRoutes: FastifyPluginAsyncZod<{
  service: EngagementAnalyticsService;
  reads: PublicReads;
}> = async (app, { service, reads }) => {
  // What a live room shows on opening: the same for every viewer, and the socket carries every
  // change after it, so one read of the realtime nodes a moment serves the whole crowd.
  app.route({
    ...restRoute(app, restRoutes.sessions.reactions),
    handler: async (request, reply) => {
      const { sessionId } = request.params;
      const answer = await reads.listing(restRoutes.sessions.reactions, sessionId, async () => ({
        success: true as const,
        data: await service.reactions(sessionId),
      }));
      return sendPrepared(request, reply, answer);
    },
  });

  app.route({
    ...restRoute(app, restRoutes.analytics.conversionStats),
    handler: async (request, reply) => {
      const { sessionId } = request.params;
      const answer = await reads.listing(restRoutes.analytics.conversionStats, sessionId, async () => ({
        success: true as const,
        data: await service.conversionStats(sessionId),
      }));
      return sendPrepared(request, reply, answer);
    },
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
