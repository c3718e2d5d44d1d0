import { type UserRole, userRoleSchema } from '@showfloor/contracts';
import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import { z } from 'zod';

export const accessTokenIssuer = 'showfloor-api';
export const accessTokenAudience = 'showfloor';
const algorithm = 'HS256';

const claimsSchema = z.object({
  sub: z.uuid(),
  role: userRoleSchema,
  /** Refresh-token family of the login this token came from; logout revokes it. */
  sid: z.uuid(),
  /**
   * The user's token version when the token was issued; a role or password change moves it on.
   * Tokens signed before versions existed carry none and count as version 0, every user's first.
   */
  ver: z.number().int().min(0).default(0),
});

/** Who a verified access token speaks for. */
export interface AccessTokenIdentity {
  userId: string;
  role: UserRole;
  familyId: string;
  /** `User.tokenVersion` at issue; the token is only good while it is still the user's current one. */
  tokenVersion: number;
}

export class InvalidAccessTokenError extends Error {
  constructor(reason: string) {
    super(`invalid access token: ${reason}`);
    this.name = 'InvalidAccessTokenError';
  }
}

export interface AccessTokensOptions {
  secret: string;
  ttlSeconds: number;
}

/**
 * Signs and verifies access tokens. The one verifier both services use: the API for REST and
 * the realtime service for socket handshakes. The algorithm is pinned (no `none`, no RS/HS
 * confusion), and issuer, audience, expiry and the claims' shape are all checked. A verified
 * token is still only good while its login is: each service asks whether it is (see
 * token-state-cache.ts), since a signature cannot say that a role, password or login has ended.
 */
export function createAccessTokens(options: AccessTokensOptions) {
  const sign = createSigner({
    key: options.secret,
    algorithm,
    iss: accessTokenIssuer,
    aud: accessTokenAudience,
    expiresIn: options.ttlSeconds * 1000,
  });
  const verify = createVerifier({
    key: options.secret,
    algorithms: [algorithm],
    allowedIss: accessTokenIssuer,
    allowedAud: accessTokenAudience,
    requiredClaims: ['exp', 'iat', 'sub', 'iss', 'aud'],
    cache: false,
  });

  return {
    ttlSeconds: options.ttlSeconds,
    sign(identity: AccessTokenIdentity): string {
      return sign({ sub: identity.userId, role: identity.role, sid: identity.familyId, ver: identity.tokenVersion });
    },
    verify(token: string): AccessTokenIdentity {
      let payload: unknown;
      try {
        payload = verify(token);
      } catch (error) {
        throw new InvalidAccessTokenError(error instanceof TokenError ? error.code : 'malformed');
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw new InvalidAccessTokenError('unexpected claims');
      return {
        userId: claims.data.sub,
        role: claims.data.role,
        familyId: claims.data.sid,
        tokenVersion: claims.data.ver,
      };
    },
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
