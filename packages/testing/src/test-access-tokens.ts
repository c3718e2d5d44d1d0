import fastifyJwt from '@fastify/jwt';
import {
  type AccessTokenIdentity,
  accessTokenJwtOptions,
  signAccessToken,
  verifyAccessToken,
} from '@showfloor/access-tokens';
import Fastify from 'fastify';
import { testSecrets } from './test-config.ts';

export interface TestAccessTokens {
  sign(identity: AccessTokenIdentity): string;
  verify(token: string): AccessTokenIdentity;
}

/**
 * Access tokens made the way the API makes them — @fastify/jwt registered with the shared
 * options on a bare Fastify instance — for tests that need a token without signing in.
 */
export async function createTestAccessTokens(
  options: { secret?: string; ttlSeconds?: number } = {},
): Promise<TestAccessTokens> {
  const app = Fastify();
  await app.register(
    fastifyJwt,
    accessTokenJwtOptions({ secret: options.secret ?? testSecrets.jwtSecret, ttlSeconds: options.ttlSeconds ?? 900 }),
  );
  await app.ready();
  return {
    sign: (identity) => signAccessToken(app.jwt, identity),
    verify: (token) => verifyAccessToken(app.jwt, token),
  };
}
