import type { JWT } from '@fastify/jwt';
import {
  type AccessTokenIdentity,
  createAccessTokenVerifier,
  InvalidAccessTokenError,
  sessionEndedMessage,
} from '@showfloor/access-tokens';
import { ForbiddenError, UnauthorizedError, type UserRole } from '@showfloor/contracts';
import type { FastifyRequest } from 'fastify';
import type { TokenStateService } from '../../modules/auth/token-state.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set from a valid `Authorization: Bearer` token; null for anonymous callers. */
    auth: AccessTokenIdentity | null;
  }
}

/**
 * onRequest hook for the public API: a bearer token, when present, must be valid — a bad one is
 * a 401 even on routes that allow anonymous callers, never a silent downgrade to anonymous.
 * Valid means signed and unexpired — by `app.jwt`, registered with the options the realtime
 * handshake's verifier has too — and also still current: its user exists, its version is the
 * user's (no role or password change since), and its login was not ended — checked through the
 * token-state cache, so a removed privilege is gone on the next request, not at expiry.
 */
export function createAuthenticationHook(jwt: Pick<JWT, 'verify'>, tokenState: Pick<TokenStateService, 'check'>) {
  const verifyAccessToken = createAccessTokenVerifier(jwt);
  return async function authenticate(request: FastifyRequest): Promise<void> {
    request.auth = null;
    const header = request.headers.authorization;
    if (header === undefined) return;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new UnauthorizedError('Authorization header must be "Bearer <token>"');
    let identity: AccessTokenIdentity;
    try {
      identity = verifyAccessToken(match[1]);
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) throw new UnauthorizedError('Invalid or expired access token');
      throw error;
    }
    const state = await tokenState.check(identity);
    if (!state.active) {
      request.log.info({ userId: identity.userId, reason: state.reason }, 'access token refused: its login has ended');
      throw new UnauthorizedError(sessionEndedMessage);
    }
    request.auth = identity;
  };
}

/** preHandler: the route needs a signed-in caller. */
export async function requireAuth(request: FastifyRequest): Promise<void> {
  if (!request.auth) throw new UnauthorizedError();
}

/** preHandler: the route needs a signed-in caller with one of these roles. */
export function requireRole(...roles: UserRole[]) {
  return async function requireOneOfRoles(request: FastifyRequest): Promise<void> {
    if (!request.auth) throw new UnauthorizedError();
    if (!roles.includes(request.auth.role)) throw new ForbiddenError(`Requires role ${roles.join(' or ')}`);
  };
}

/** The signed-in caller, for handlers behind requireAuth. */
export function callerOf(request: FastifyRequest): AccessTokenIdentity {
  if (!request.auth) throw new UnauthorizedError();
  return request.auth;
}
