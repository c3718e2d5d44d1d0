import { apiInternalRoutes, successEnvelope, unreadCountsSchema, userIdParamsSchema } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ReadUnreadCounts } from './unread-counts.ts';

/** realtime → API: a signed-in socket's `data:request` — its user's unread counts (the handshake named the user). */
export const unreadCountsInternalRoutes: FastifyPluginAsyncZod<{ unreadCounts: ReadUnreadCounts }> = async (
  app,
  { unreadCounts },
) => {
  app.get(
    apiInternalRoutes.unreadCounts,
    {
      schema: {
        tags: ['internal'],
        summary: "A user's unread activities and notifications, for a realtime node",
        params: userIdParamsSchema,
        response: { 200: successEnvelope(unreadCountsSchema) },
      },
    },
    async (request) => ({ success: true as const, data: await unreadCounts(request.params.userId) }),
  );
};
