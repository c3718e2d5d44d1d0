import {
  realtimeInternalRoutes,
  successEnvelope,
  watchingNowQuerySchema,
  watchingNowSchema,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CounterStore } from '../state/counter-store.ts';

/** API → realtime: how many watch each of a page of sessions right now, in one read (Discover's live cards). */
export const watchingNowRoutes: FastifyPluginAsyncZod<{ store: Pick<CounterStore, 'watchingNow'> }> = async (
  app,
  { store },
) => {
  app.get(
    realtimeInternalRoutes.watchingNow,
    { schema: { querystring: watchingNowQuerySchema, response: { 200: successEnvelope(watchingNowSchema) } } },
    async (request) => {
      const { sessionIds } = request.query;
      const tracked = await store.watchingNow(sessionIds);
      // Untracked here means nobody has joined it on this node: zero watching, not unknown.
      const counts = Object.fromEntries(sessionIds.map((sessionId) => [sessionId, tracked.get(sessionId) ?? 0]));
      return { success: true as const, data: { counts } };
    },
  );
};
