import { createHmac, randomUUID } from 'node:crypto';
import fastifyJwt from '@fastify/jwt';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type AccessTokenOptions,
  accessTokenAudience,
  accessTokenIssuer,
  accessTokenJwtOptions,
  createAccessTokenVerifier,
  InvalidAccessTokenError,
  signAccessToken,
  verifyAccessToken,
} from '../src/index.ts';

const secret = 's'.repeat(40);
const identity = { userId: randomUUID(), role: 'creator' as const, familyId: randomUUID(), tokenVersion: 3 };

/** A Fastify instance with @fastify/jwt registered the way each service registers it. */
async function registered(options: AccessTokenOptions): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(fastifyJwt, accessTokenJwtOptions(options));
  await app.ready();
  return app;
}

let api: FastifyInstance; // signs and verifies, as the API does
let realtime: FastifyInstance; // verifies only, as the realtime service does
let stranger: FastifyInstance; // same rules, another secret
beforeAll(async () => {
  [api, realtime, stranger] = await Promise.all([
    registered({ secret, ttlSeconds: 900 }),
    registered({ secret }),
    registered({ secret: 'y'.repeat(40), ttlSeconds: 900 }),
  ]);
});
afterAll(() => Promise.all([api.close(), realtime.close(), stranger.close()]));

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);
const validClaims = () => ({
  sub: identity.userId,
  role: identity.role,
  sid: identity.familyId,
  ver: identity.tokenVersion,
  iss: accessTokenIssuer,
  aud: accessTokenAudience,
  iat: nowSeconds(),
  exp: nowSeconds() + 600,
});

function handMade(header: object, claims: object, key = secret, hmac = 'sha256'): string {
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  return `${unsigned}.${createHmac(hmac, key).update(unsigned).digest('base64url')}`;
}

describe('access tokens through @fastify/jwt with the shared options', () => {
  it('round-trips the identity, and the verify-only registration accepts what the signing one issues', () => {
    const token = signAccessToken(api.jwt, identity);
    expect(verifyAccessToken(api.jwt, token)).toEqual(identity);
    expect(verifyAccessToken(realtime.jwt, token)).toEqual(identity);
  });

  it('signs tokens that last ttlSeconds (seconds, not milliseconds)', () => {
    const [, payload = ''] = signAccessToken(api.jwt, identity).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(900);
    expect(claims).toMatchObject({ iss: accessTokenIssuer, aud: accessTokenAudience, sub: identity.userId, ver: 3 });
  });

  it('a registration without a lifetime cannot sign', () => {
    expect(() => signAccessToken(realtime.jwt, identity)).toThrow(/verify mode/);
  });

  const refused: [string, () => string][] = [
    ['alg none', () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(validClaims())}.`],
    [
      'another algorithm (HS512, same secret)',
      () => handMade({ alg: 'HS512', typ: 'JWT' }, validClaims(), secret, 'sha512'),
    ],
    ['a bad signature', () => handMade({ alg: 'HS256', typ: 'JWT' }, validClaims(), 'x'.repeat(40))],
    [
      'expired',
      () =>
        handMade({ alg: 'HS256', typ: 'JWT' }, { ...validClaims(), iat: nowSeconds() - 1000, exp: nowSeconds() - 10 }),
    ],
    ['the wrong audience', () => handMade({ alg: 'HS256', typ: 'JWT' }, { ...validClaims(), aud: 'someone-else' })],
    ['the wrong issuer', () => handMade({ alg: 'HS256', typ: 'JWT' }, { ...validClaims(), iss: 'evil' })],
    ['no expiry', () => handMade({ alg: 'HS256', typ: 'JWT' }, { ...validClaims(), exp: undefined })],
    ['no subject', () => handMade({ alg: 'HS256', typ: 'JWT' }, { ...validClaims(), sub: undefined })],
    [
      'a token version that is not a whole number',
      () => handMade({ alg: 'HS256', typ: 'JWT' }, { ...validClaims(), ver: 1.5 }),
    ],
    ['a role that does not exist', () => handMade({ alg: 'HS256', typ: 'JWT' }, { ...validClaims(), role: 'root' })],
    ['garbage', () => 'not.a.token'],
    ['a token signed the same way with another secret', () => signAccessToken(stranger.jwt, identity)],
  ];
  it.each(refused)('refuses %s, in both registrations', (_name, make) => {
    const token = make();
    expect(() => verifyAccessToken(api.jwt, token)).toThrow(InvalidAccessTokenError);
    expect(() => verifyAccessToken(realtime.jwt, token)).toThrow(InvalidAccessTokenError);
  });

  it('accepts a hand-made token that follows every rule (so the refusals above are for their one reason)', () => {
    expect(verifyAccessToken(realtime.jwt, handMade({ alg: 'HS256', typ: 'JWT' }, validClaims()))).toEqual(identity);
  });

  it('reads a token signed before token versions existed as version 0, every user’s first', () => {
    const { ver: _ver, ...claims } = validClaims();
    expect(verifyAccessToken(api.jwt, handMade({ alg: 'HS256', typ: 'JWT' }, claims)).tokenVersion).toBe(0);
  });
});

describe('the remembering verifier (the API’s, per request)', () => {
  afterEach(() => vi.useRealTimers());

  it('answers a token it verified again without asking the signature, until the token expires', () => {
    vi.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    let verifications = 0;
    const verifyCounted = (token: string) => {
      verifications += 1;
      return api.jwt.verify(token);
    };
    const counting = { verify: verifyCounted as typeof api.jwt.verify };
    const verify = createAccessTokenVerifier(counting);
    const token = handMade({ alg: 'HS256', typ: 'JWT' }, { ...validClaims(), exp: nowSeconds() + 60 });
    expect(verify(token)).toEqual(identity);
    expect(verify(token)).toEqual(identity);
    expect(verifications).toBe(1);
    vi.setSystemTime(Date.now() + 61_000);
    expect(() => verify(token)).toThrow(InvalidAccessTokenError);
  });

  it('remembers only tokens that passed: a refused one is refused every time', () => {
    const verify = createAccessTokenVerifier(api.jwt);
    const forged = signAccessToken(stranger.jwt, identity);
    expect(() => verify(forged)).toThrow(InvalidAccessTokenError);
    expect(() => verify(forged)).toThrow(InvalidAccessTokenError);
    const good = signAccessToken(api.jwt, identity);
    expect(verify(good)).toEqual(identity);
    // The same claims under a changed signature are another token, checked afresh.
    expect(() => verify(`${good.slice(0, -2)}xx`)).toThrow(InvalidAccessTokenError);
  });
});
