import { createHmac, randomUUID } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import { describe, expect, it } from 'vitest';
import { accessTokenAudience, accessTokenIssuer, createAccessTokens, InvalidAccessTokenError } from '../src/index.ts';

const secret = 's'.repeat(40);
const tokens = createAccessTokens({ secret, ttlSeconds: 900 });
const identity = { userId: randomUUID(), role: 'creator' as const, familyId: randomUUID(), tokenVersion: 3 };

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

describe('access tokens', () => {
  it('round-trips the identity', () => {
    expect(tokens.verify(tokens.sign(identity))).toEqual(identity);
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
    [
      'a token version that is not a whole number',
      () => handMade({ alg: 'HS256', typ: 'JWT' }, { ...validClaims(), ver: 1.5 }),
    ],
    ['a role that does not exist', () => handMade({ alg: 'HS256', typ: 'JWT' }, { ...validClaims(), role: 'root' })],
    ['garbage', () => 'not.a.token'],
    [
      'a token signed by the library with the wrong secret',
      () =>
        createSigner({ key: 'y'.repeat(40), algorithm: 'HS256', iss: accessTokenIssuer, aud: accessTokenAudience })(
          validClaims(),
        ),
    ],
  ];
  it.each(refused)('refuses %s', (_name, make) => {
    expect(() => tokens.verify(make())).toThrow(InvalidAccessTokenError);
  });

  it('accepts a hand-made token that follows every rule (so the refusals above are for their one reason)', () => {
    expect(tokens.verify(handMade({ alg: 'HS256', typ: 'JWT' }, validClaims()))).toEqual(identity);
  });

  it('reads a token signed before token versions existed as version 0, every user’s first', () => {
    const { ver: _ver, ...claims } = validClaims();
    expect(tokens.verify(handMade({ alg: 'HS256', typ: 'JWT' }, claims)).tokenVersion).toBe(0);
  });
});
