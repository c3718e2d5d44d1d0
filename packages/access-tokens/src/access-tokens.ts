import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import { z } from 'zod';

export const accessTokenIssuer = 'showfloor-api';
export const accessTokenAudience = 'showfloor';
const algorithm = 'HS256';

const roleSchema = z.enum(['user', 'creator', 'moderator', 'admin']);

const claimsSchema = z.object({
  sub: z.uuid(),
  role: roleSchema,
  /** Refresh-token family of the login this token came from; logout revokes it. */
  sid: z.uuid(),
});

/** Who a verified access token speaks for. */
export interface AccessTokenIdentity {
  userId: string;
  role: z.infer<typeof roleSchema>;
  familyId: string;
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
 * confusion), and issuer, audience, expiry and the claims' shape are all checked.
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
      return sign({ sub: identity.userId, role: identity.role, sid: identity.familyId });
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
      return { userId: claims.data.sub, role: claims.data.role, familyId: claims.data.sid };
    },
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
