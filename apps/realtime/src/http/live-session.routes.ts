import {
  liveSessionStatsSchema,
  realtimeInternalRoutes,
  sessionIdParamsSchema,
  successEnvelope,
} from '@showfloor/contracts';
import type { Clock } from '@showfloor/server-kit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { LiveSessionRegistry } from '../state/live-session-registry.ts';

/** API → realtime: a live session's counters right now, for REST reads while a stream is live. */
export const liveSessionRoutes: FastifyPluginAsyncZod<{ registry: LiveSessionRegistry; clock: Clock }> = async (
  app,
  { registry, clock },
) => {
  app.get(
    realtimeInternalRoutes.liveSession,
    { schema: { params: sessionIdParamsSchema, response: { 200: successEnvelope(liveSessionStatsSchema) } } },
    async (request) => {
      const { sessionId } = request.params;
      const session = registry.get(sessionId);
      if (!session) {
        return {
          success: true as const,
          data: {
            sessionId,
            live: false,
            viewerCount: 0,
            peakViewers: 0,
            totalViewers: 0,
            viewers: [],
            reactions: { counts: {}, total: 0 },
            productClicks: [],
          },
        };
      }
      return {
        success: true as const,
        data: {
          sessionId,
          live: true,
          viewerCount: session.viewerCount,
          peakViewers: session.peakViewers,
          totalViewers: session.totalViewers,
          viewers: session.currentSubscribers(clock.now()),
          reactions: session.reactionStats(),
          productClicks: session.clickStats(),
        },
      };
    },
  );
};
