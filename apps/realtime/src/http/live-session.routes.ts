import {
  liveSessionQuerySchema,
  liveSessionStatsSchema,
  realtimeInternalRoutes,
  sessionIdParamsSchema,
  successEnvelope,
} from '@showfloor/contracts';
import type { Clock } from '@showfloor/server-kit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CounterStore } from '../state/counter-store.ts';

/** API → realtime: a live session's counters right now, for REST reads while a stream is live. */
export const liveSessionRoutes: FastifyPluginAsyncZod<{
  store: Pick<CounterStore, 'liveCounts'>;
  clock: Clock;
}> = async (app, { store, clock }) => {
  app.get(
    realtimeInternalRoutes.liveSession,
    {
      schema: {
        params: sessionIdParamsSchema,
        querystring: liveSessionQuerySchema,
        response: { 200: successEnvelope(liveSessionStatsSchema) },
      },
    },
    async (request) => {
      const { sessionId } = request.params;
      const counts = await store.liveCounts(sessionId, clock.now(), request.query.viewers);
      if (!counts) {
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
      return { success: true as const, data: { sessionId, live: true, ...counts } };
    },
  );
};
