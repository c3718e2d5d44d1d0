import { displayNameOf, sendMessagePayloadSchema, socketEvents, UnauthorizedError } from '@showfloor/contracts';
import { appErrorFromApi } from '../api-client/api-request-error.ts';
import { acknowledge, parsePayload } from '../socket/acknowledge.ts';
import { type RealtimeSocket, sessionRoom } from '../socket/socket-types.ts';
import { type HandlerContext, joinedSession } from './handler-context.ts';

/**
 * `send-message`: signed-in users only. The API persists it first (same rules and per-user rate
 * limit as REST), then the room gets `new-message` carrying the stored id.
 */
export function createChatHandlers(context: HandlerContext) {
  return function registerChatHandlers(socket: RealtimeSocket): void {
    socket.on(socketEvents.sendMessage, (payload, ack) =>
      acknowledge(ack, context.logger, async () => {
        const { sessionId, message } = parsePayload(sendMessagePayloadSchema, payload);
        const identity = socket.data.identity;
        if (identity.kind !== 'user') throw new UnauthorizedError('Sign in to chat');
        await joinedSession(context, socket, sessionId);
        const stored = await context.api
          .postChatMessage({ sessionId, userId: identity.userId, message })
          .catch((error: unknown) => {
            throw appErrorFromApi(error);
          });
        const createdAt = stored.createdAt.toISOString();
        context.io.to(sessionRoom(sessionId)).emit('new-message', {
          id: stored.id,
          message: stored.message,
          userId: stored.userId,
          userName: displayNameOf(stored.user),
          sessionId,
          createdAt,
        });
        return { id: stored.id, createdAt };
      }),
    );
  };
}
