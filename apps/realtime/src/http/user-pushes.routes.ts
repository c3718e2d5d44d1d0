import {
  realtimeInternalRoutes,
  successEnvelope,
  userPushBatchSchema,
  userPushResultSchema,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type RealtimeServer, userRoom } from '../socket/socket-types.ts';

/**
 * API → realtime: events for single users (a new notification, an activity, the unread counts
 * after a change), each to every tab of that user. `io.to()` goes through the adapter, so with
 * several nodes the event reaches the user's sockets wherever they are connected. The API stores
 * first and pushes after: a push that reaches nobody loses nothing.
 */
export const userPushesRoutes: FastifyPluginAsyncZod<{ io: RealtimeServer }> = async (app, { io }) => {
  app.post(
    realtimeInternalRoutes.userPushes,
    { schema: { body: userPushBatchSchema, response: { 200: successEnvelope(userPushResultSchema) } } },
    async (request) => {
      let delivered = 0;
      for (const push of request.body.pushes) {
        const room = userRoom(push.userId);
        if ((io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0) delivered += 1;
        // The union guarantees event and payload match; emit() cannot see that through the pair.
        (io.to(room).emit as (name: string, data: unknown) => boolean)(push.event, push.payload);
      }
      return { success: true as const, data: { delivered } };
    },
  );
};
