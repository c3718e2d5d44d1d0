import { type AccessTokens, InvalidAccessTokenError } from '@showfloor/access-tokens';
import { socketHandshakeAuthSchema } from '@showfloor/contracts';
import type { ExtendedError } from 'socket.io';
import type { RealtimeSocket } from '../socket/socket-types.ts';
import { guestIdentity, userIdentity } from '../state/viewer-identity.ts';

/** Error a refused handshake carries to the client's `connect_error` (`err.data.code`). */
function refusal(message: string): ExtendedError {
  const error: ExtendedError = new Error(message);
  error.data = { code: 'unauthorized', message };
  return error;
}

/**
 * io.use middleware: the socket's identity comes from its handshake, never from event payloads.
 * A token must verify (with the same verifier as the API) — an invalid or expired one refuses
 * the connection rather than silently downgrading to a guest. No token makes a guest, known by
 * the `guestId` they keep across reloads, else by the socket id.
 */
export function createHandshakeAuth(accessTokens: AccessTokens) {
  return (socket: RealtimeSocket, next: (error?: ExtendedError) => void): void => {
    const auth = socketHandshakeAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!auth.success) {
      next(refusal('Invalid handshake auth: token must be a string, guestId a UUID'));
      return;
    }
    const { token, guestId } = auth.data;
    if (token !== undefined) {
      try {
        const identity = accessTokens.verify(token);
        socket.data.identity = userIdentity(identity.userId, identity.role);
      } catch (error) {
        next(error instanceof InvalidAccessTokenError ? refusal('Invalid or expired access token') : (error as Error));
        return;
      }
    } else {
      socket.data.identity = guestIdentity(guestId ?? socket.id);
    }
    socket.data.sessions = new Set();
    next();
  };
}
