import {
  apiInternalRoutes,
  successEnvelope,
  type UserEngagementStats,
  userIdParamsSchema,
  userSnapshotSchema,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { toEngagementSummary } from '../engagement-stats/engagement-summary.ts';
import type { ReadUnreadCounts } from './unread-counts.ts';

export interface UserSnapshotRouteDeps {
  unreadCounts: ReadUnreadCounts;
  statsOf: (userId: string) => Promise<UserEngagementStats>;
}

/**
 * realtime → API: a signed-in socket's `data:request` — its user's unread counts and stats summary
 * (the handshake named the user), read at once.
 */
export const userSnapshotInternalRoutes: FastifyPluginAsyncZod<UserSnapshotRouteDeps> = async (
  app,
  { unreadCounts, statsOf },
) => {
  app.get(
    apiInternalRoutes.userSnapshot,
    {
      schema: {
        tags: ['internal'],
        summary: "A user's unread counts and stats summary, for a realtime node",
        params: userIdParamsSchema,
        response: { 200: successEnvelope(userSnapshotSchema) },
      },
    },
    async (request) => {
      const { userId } = request.params;
      const [unread, stats] = await Promise.all([unreadCounts(userId), statsOf(userId)]);
      return { success: true as const, data: { unread, stats: toEngagementSummary(stats) } };
    },
  );
};
