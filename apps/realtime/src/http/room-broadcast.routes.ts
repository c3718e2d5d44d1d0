import {
  realtimeInternalRoutes,
  roomBroadcastResultSchema,
  roomBroadcastSchema,
  successEnvelope,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type RealtimeServer, sessionRoom } from '../socket/socket-types.ts';

/**
 * API → realtime: emit an event caused by a REST call (stream started, product showcased, chat
 * message…) to everyone in the session's room. The payload is validated against the same
 * contract the API built it with, so clients only ever receive well-formed events.
 */
export const roomBroadcastRoutes: FastifyPluginAsyncZod<{ io: RealtimeServer }> = async (app, { io }) => {
  app.post(
    realtimeInternalRoutes.broadcast,
    { schema: { body: roomBroadcastSchema, response: { 200: successEnvelope(roomBroadcastResultSchema) } } },
    async (request) => {
      const { event, payload } = request.body;
      const room = sessionRoom(payload.sessionId);
      // The union guarantees event and payload match; emit() cannot see that through the pair.
      (io.to(room).emit as (name: string, data: unknown) => boolean)(event, payload);
      return { success: true as const, data: { recipients: io.sockets.adapter.rooms.get(room)?.size ?? 0 } };
    },
  );
};
