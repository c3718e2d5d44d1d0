import type { JWT } from '@fastify/jwt';
import {
  type AccessTokenIdentity,
  InvalidAccessTokenError,
  sessionEndedMessage,
  verifyAccessToken,
} from '@showfloor/access-tokens';
import { socketHandshakeAuthSchema } from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { ExtendedError } from 'socket.io';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';
import type { RealtimeSocket } from '../socket/socket-types.ts';
import { guestIdentity, userIdentity } from '../state/viewer-identity.ts';
import { createLoginCheck } from './login-check.ts';

export interface HandshakeAuthDeps {
  /** The service's `app.jwt`, registered with the API's options (@showfloor/access-tokens). */
  jwt: Pick<JWT, 'verify'>;
  api: Pick<InternalApiClient, 'checkToken'>;
  /** TOKEN_STATE_CACHE_MS: how long the API's verdict on a token is reused. */
  cacheTtlMs: number;
  logger: Logger;
}

/** Error a refused handshake carries to the client's `connect_error` (`err.data.code`). */
function refusal(message: string): ExtendedError {
  const error: ExtendedError = new Error(message);
  error.data = { code: 'unauthorized', message };
  return error;
}

/**
 * io.use middleware: the socket's identity comes from its handshake, never from event payloads.
 * A token must verify (@fastify/jwt with the API's very options) — an invalid or expired one refuses
 * the connection rather than silently downgrading to a guest — and its login must still be
 * current: the API is asked (its verdict cached for `cacheTtlMs`), so a logged-out, demoted or
 * deleted user's token opens no socket. When the API gives no verdict (unreachable, failing),
 * the signature alone decides, so streams keep running through an API outage. No token makes a
 * guest, known by the `guestId` they keep across reloads, else by the socket id.
 */
export function createHandshakeAuth({ jwt, api, cacheTtlMs, logger }: HandshakeAuthDeps) {
  const isStillCurrent = createLoginCheck({ api, cacheTtlMs, logger }, 'handshake');

  return (socket: RealtimeSocket, next: (error?: ExtendedError) => void): void => {
    const auth = socketHandshakeAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!auth.success) {
      next(refusal('Invalid handshake auth: token must be a string, guestId a UUID'));
      return;
    }
    const { token, guestId } = auth.data;
    if (token === undefined) {
      socket.data.identity = guestIdentity(guestId ?? socket.id);
      socket.data.sessions = new Set();
      next();
      return;
    }
    let identity: AccessTokenIdentity;
    try {
      identity = verifyAccessToken(jwt, token);
    } catch (error) {
      next(error instanceof InvalidAccessTokenError ? refusal('Invalid or expired access token') : (error as Error));
      return;
    }
    void isStillCurrent(identity).then((current) => {
      if (!current) {
        next(refusal(sessionEndedMessage));
        return;
      }
      socket.data.identity = userIdentity(identity.userId, identity.role);
      socket.data.sessions = new Set();
      next();
    });
  };
}
