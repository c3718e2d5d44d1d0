import type { JWT } from '@fastify/jwt';
import {
  type AccessTokenIdentity,
  createAccessTokenVerifier,
  InvalidAccessTokenError,
  sessionEndedMessage,
} from '@showfloor/access-tokens';
import { ForbiddenError, UnauthorizedError } from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';
import { createLoginCheck } from '../auth/login-check.ts';

export interface AdminTokenCheckDeps {
  jwt: Pick<JWT, 'verify'>;
  api: Pick<InternalApiClient, 'checkToken'>;
  cacheTtlMs: number;
  logger: Logger;
}

/**
 * The visitor dashboard is for the site's owners: its reads and its socket take an admin's access
 * token, checked as the handshake checks any token: signature and claims, then whether its login
 * is still current (auth/login-check.ts).
 * Throws UnauthorizedError (none, invalid, ended) or ForbiddenError (not an admin).
 */
export function createAdminTokenCheck({ jwt, api, cacheTtlMs, logger }: AdminTokenCheckDeps) {
  const verify = createAccessTokenVerifier(jwt);
  const isStillCurrent = createLoginCheck({ api, cacheTtlMs, logger }, 'admin token');

  return async (token: string | undefined): Promise<AccessTokenIdentity> => {
    if (!token) throw new UnauthorizedError('An admin access token is required');
    let identity: AccessTokenIdentity;
    try {
      identity = verify(token);
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) throw new UnauthorizedError('Invalid or expired access token');
      throw error;
    }
    if (!(await isStillCurrent(identity))) throw new UnauthorizedError(sessionEndedMessage);
    if (identity.role !== 'admin') throw new ForbiddenError('Visitor analytics are for admins only');
    return identity;
  };
}

export type AdminTokenCheck = ReturnType<typeof createAdminTokenCheck>;

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
