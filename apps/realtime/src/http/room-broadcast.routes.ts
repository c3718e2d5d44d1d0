import {
  realtimeInternalRoutes,
  roomBroadcastResultSchema,
  roomBroadcastSchema,
  successEnvelope,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { StreamEnder } from '../flush/stream-ender.ts';
import { type RealtimeServer, sessionRoom } from '../socket/socket-types.ts';
import type { SessionFactsCache } from '../state/session-facts-cache.ts';

/**
 * API → realtime: emit an event caused by a REST call (stream started, product showcased, chat
 * message…) to everyone in the session's room. The payload is validated against the same
 * contract the API built it with, so clients only ever receive well-formed events.
 */
export const roomBroadcastRoutes: FastifyPluginAsyncZod<{
  io: RealtimeServer;
  facts: SessionFactsCache;
  streamEnder: StreamEnder;
}> = async (app, { io, facts, streamEnder }) => {
  app.post(
    realtimeInternalRoutes.broadcast,
    { schema: { body: roomBroadcastSchema, response: { 200: successEnvelope(roomBroadcastResultSchema) } } },
    async (request) => {
      const { event, payload } = request.body;
      const room = sessionRoom(payload.sessionId);
      // The union guarantees event and payload match; emit() cannot see that through the pair.
      const recipients = io.sockets.adapter.rooms.get(room)?.size ?? 0;
      (io.to(room).emit as (name: string, data: unknown) => boolean)(event, payload);
      // Keep what this node knows in step, so the next join or click sees the change at once.
      switch (request.body.event) {
        case 'stream-started':
          facts.patch(payload.sessionId, { status: 'live' });
          break;
        case 'stream-ended':
          streamEnder.end(payload.sessionId, { endedAt: request.body.payload.endedAt, announced: true });
          break;
        case 'product-showcased':
          facts.patch(payload.sessionId, { activeProductId: request.body.payload.productId });
          break;
        case 'showcase-cleared':
          facts.patch(payload.sessionId, { activeProductId: null });
          break;
      }
      return { success: true as const, data: { recipients } };
    },
  );
};
