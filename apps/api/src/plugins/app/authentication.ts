import { type AccessTokenIdentity, type AccessTokens, InvalidAccessTokenError } from '@showfloor/access-tokens';
import { ForbiddenError, UnauthorizedError, type UserRole } from '@showfloor/contracts';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set from a valid `Authorization: Bearer` token; null for anonymous callers. */
    auth: AccessTokenIdentity | null;
  }
}

/**
 * onRequest hook for the public API: a bearer token, when present, must be valid — a bad one is
 * a 401 even on routes that allow anonymous callers, never a silent downgrade to anonymous.
 */
export function createAuthenticationHook(accessTokens: AccessTokens) {
  return async function authenticate(request: FastifyRequest): Promise<void> {
    request.auth = null;
    const header = request.headers.authorization;
    if (header === undefined) return;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new UnauthorizedError('Authorization header must be "Bearer <token>"');
    try {
      request.auth = accessTokens.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) throw new UnauthorizedError('Invalid or expired access token');
      throw error;
    }
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
