import type { FastifyJWTOptions, JWT } from '@fastify/jwt';
import { type UserRole, userRoleSchema } from '@showfloor/contracts';
import QuickLRU from 'quick-lru';
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
  exp: z.number(),
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

export interface AccessTokenOptions {
  secret: string;
  /** Lifetime of the tokens this service signs. Without it the registration can only verify. */
  ttlSeconds?: number;
}

/**
 * The one @fastify/jwt configuration, registered by the API (which signs and verifies) and by the
 * realtime service (which only verifies socket handshakes), so both accept exactly the same
 * tokens. The algorithm is pinned (no `none`, no RS/HS confusion), and issuer, audience, expiry
 * and the presence of every claim are checked; `verifyAccessToken` then checks the claims' shape.
 * A verified token is still only good while its login is: each service asks whether it is (see
 * token-state-cache.ts), since a signature cannot say that a role, password or login has ended.
 */
export function accessTokenJwtOptions(options: AccessTokenOptions): FastifyJWTOptions {
  const verify = {
    algorithms: [algorithm],
    allowedIss: accessTokenIssuer,
    allowedAud: accessTokenAudience,
    requiredClaims: ['exp', 'iat', 'sub', 'iss', 'aud'],
    cache: false,
  } satisfies FastifyJWTOptions['verify'];
  if (options.ttlSeconds === undefined) return { secret: { public: options.secret }, verify };
  return {
    secret: options.secret,
    // A number is read as seconds by @fastify/jwt (fast-jwt alone takes milliseconds).
    sign: { algorithm, iss: accessTokenIssuer, aud: accessTokenAudience, expiresIn: options.ttlSeconds },
    verify,
  };
}

/** Signs an access token for `identity` through the service's registered @fastify/jwt (`app.jwt`). */
export function signAccessToken(jwt: Pick<JWT, 'sign'>, identity: AccessTokenIdentity): string {
  return jwt.sign({ sub: identity.userId, role: identity.role, sid: identity.familyId, ver: identity.tokenVersion });
}

/**
 * Verifies a token through the service's registered @fastify/jwt (`app.jwt`) and reads who it
 * speaks for. Anything wrong with the token is an InvalidAccessTokenError carrying fast-jwt's
 * reason code; any other failure is thrown as it is.
 */
export function verifyAccessToken(jwt: Pick<JWT, 'verify'>, token: string): AccessTokenIdentity {
  return verifyClaims(jwt, token).identity;
}

export type AccessTokenVerifier = (token: string) => AccessTokenIdentity;

/**
 * `verifyAccessToken` remembering the tokens it has verified until they expire. A client sends
 * the same token with every request, and checking its signature and claims each time was 7 % of
 * the API's time on `POST /api/track` (bench:ingest). Only a byte-identical token that passed
 * is remembered, so nothing is accepted that would not verify; whether its login is still good
 * is asked on every request all the same (the token-state cache).
 */
export function createAccessTokenVerifier(jwt: Pick<JWT, 'verify'>, maxEntries = 10_000): AccessTokenVerifier {
  const verified = new QuickLRU<string, VerifiedToken>({ maxSize: maxEntries });
  return (token) => {
    const remembered = verified.get(token);
    if (remembered && remembered.expiresAtMs > Date.now()) return remembered.identity;
    const fresh = verifyClaims(jwt, token);
    verified.set(token, fresh);
    return fresh.identity;
  };
}

interface VerifiedToken {
  identity: AccessTokenIdentity;
  expiresAtMs: number;
}

function verifyClaims(jwt: Pick<JWT, 'verify'>, token: string): VerifiedToken {
  let payload: unknown;
  try {
    payload = jwt.verify<object>(token);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('FAST_JWT_')) throw new InvalidAccessTokenError(code);
    throw error;
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new InvalidAccessTokenError('unexpected claims');
  return {
    identity: {
      userId: claims.data.sub,
      role: claims.data.role,
      familyId: claims.data.sid,
      tokenVersion: claims.data.ver,
    },
    expiresAtMs: claims.data.exp * 1000,
  };
}

/** What the API's login and refresh need to hand out access tokens. */
export interface AccessTokenSigner {
  ttlSeconds: number;
  sign(identity: AccessTokenIdentity): string;
}
