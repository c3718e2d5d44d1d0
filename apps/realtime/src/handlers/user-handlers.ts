import { type DataRequestResult, UnauthorizedError, userSocketEvents } from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import { appErrorFromApi } from '../api-client/api-request-error.ts';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';
import { acknowledge } from '../socket/acknowledge.ts';
import type { RealtimeSocket } from '../socket/socket-types.ts';
import type { OnlineUsers } from '../state/online-users.ts';

export interface UserHandlerDeps {
  api: Pick<InternalApiClient, 'getUserSnapshot'>;
  onlineUsers: Pick<OnlineUsers, 'count'>;
  logger: Logger;
}

/**
 * Seed 001's `data:request`: a signed-in socket asks for what its badges show (unread counts and
 * the stats summary) on connect or after a reconnect, and gets it in the ack, read from the API.
 * Who the user is comes from the handshake, never from the payload (seed 001's `user:login` is
 * not needed).
 */
export function createUserHandlers(deps: UserHandlerDeps) {
  return function registerUserHandlers(socket: RealtimeSocket): void {
    socket.on(userSocketEvents.dataRequest, (_payload, ack) =>
      acknowledge(ack, deps.logger, async (): Promise<DataRequestResult> => {
        const identity = socket.data.identity;
        if (identity.kind !== 'user') throw new UnauthorizedError('Sign in to read your counts');
        const snapshot = await deps.api.getUserSnapshot(identity.userId).catch((error: unknown) => {
          throw appErrorFromApi(error);
        });
        return { ...snapshot, usersOnline: deps.onlineUsers.count };
      }),
    );
  };
}
