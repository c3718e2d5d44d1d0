import { displayNameOf, sendMessagePayloadSchema, socketEvents, UnauthorizedError } from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import { appErrorFromApi } from '../api-client/api-request-error.ts';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';
import { acknowledge, parsePayload } from '../socket/acknowledge.ts';
import { type RealtimeServer, type RealtimeSocket, sessionRoom } from '../socket/socket-types.ts';
import type { JoinedSessionGuard } from './handler-guards.ts';

export interface ChatHandlerDeps {
  joinedSession: JoinedSessionGuard;
  api: Pick<InternalApiClient, 'postChatMessage'>;
  io: RealtimeServer;
  logger: Logger;
}

/**
 * `send-message`: signed-in users only. The API persists it first (same rules and per-user rate
 * limit as REST), then the room gets `new-message` carrying the stored id.
 */
export function createChatHandlers(deps: ChatHandlerDeps) {
  return function registerChatHandlers(socket: RealtimeSocket): void {
    socket.on(socketEvents.sendMessage, (payload, ack) =>
      acknowledge(ack, deps.logger, async () => {
        const { sessionId, message } = parsePayload(sendMessagePayloadSchema, payload);
        const identity = socket.data.identity;
        if (identity.kind !== 'user') throw new UnauthorizedError('Sign in to chat');
        await deps.joinedSession(socket, sessionId);
        const stored = await deps.api
          .postChatMessage({ sessionId, userId: identity.userId, message })
          .catch((error: unknown) => {
            throw appErrorFromApi(error);
          });
        const createdAt = stored.createdAt.toISOString();
        deps.io.to(sessionRoom(sessionId)).emit('new-message', {
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
