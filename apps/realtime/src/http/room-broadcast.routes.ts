import {
  realtimeInternalRoutes,
  roomBroadcastResultSchema,
  roomBroadcastSchema,
  successEnvelope,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApplyRoomEvent } from '../lifecycle/room-event-effects.ts';
import { interServerEvents, type RealtimeServer, sessionRoom } from '../socket/socket-types.ts';

/**
 * API → realtime: emit an event caused by a REST call (stream started, product showcased, chat
 * message…) to everyone in the session's room. The payload is validated against the same
 * contract the API built it with, so clients only ever receive well-formed events. What the event
 * changes (status, product list, showcase) is applied here and on every other node before the
 * answer, so the API can tell its caller the change is in force; an ended stream is announced and
 * answered once its final totals and closed views have reached the API (bounded).
 */
export const roomBroadcastRoutes: FastifyPluginAsyncZod<{
  io: RealtimeServer;
  applyRoomEvent: ApplyRoomEvent;
  /** Several nodes share rooms (Redis adapter): they must apply the event too. */
  shareWithOtherNodes: boolean;
  /** How long the answer may wait for what the event set off to reach the API (an ended stream's totals). */
  settleTimeoutMs: number;
}> = async (app, { io, applyRoomEvent, shareWithOtherNodes, settleTimeoutMs }) => {
  app.post(
    realtimeInternalRoutes.broadcast,
    { schema: { body: roomBroadcastSchema, response: { 200: successEnvelope(roomBroadcastResultSchema) } } },
    async (request) => {
      const broadcast = request.body;
      const room = sessionRoom(broadcast.payload.sessionId);
      const recipients = io.sockets.adapter.rooms.get(room)?.size ?? 0;
      const untilDelivered = applyRoomEvent(broadcast);
      if (shareWithOtherNodes) io.serverSideEmit(interServerEvents.roomEventApplied, broadcast);
      // Viewers of an ended stream read its figures next, so they hear the end once this node's
      // final totals have reached the API (bounded): before that, the API cannot know a node that
      // never checkpointed the session is still counting, and would call its zeros final.
      const delivered = await untilDelivered(settleTimeoutMs);
      // The union guarantees event and payload match; emit() cannot see that through the pair.
      (io.to(room).emit as (name: string, data: unknown) => boolean)(broadcast.event, broadcast.payload);
      return { success: true as const, data: { recipients, delivered } };
    },
  );
};
