import jwt from '@fastify/jwt';
import { accessTokenAudience, accessTokenIssuer } from '@showfloor/access-tokens';
import type { ApiConfig } from '@showfloor/config';
import type { HttpServer } from '@showfloor/server-kit';

/**
 * `app.jwt` for plugins that expect it, configured exactly like @showfloor/access-tokens (same
 * secret, HS256 pinned, issuer, audience, lifetime). Requests are authenticated through that
 * package's verifier — the one the realtime service uses too — so there is one rule for tokens.
 */
export async function registerJwt(app: HttpServer, config: ApiConfig): Promise<void> {
  await app.register(jwt, {
    secret: config.JWT_SECRET,
    sign: {
      algorithm: 'HS256',
      iss: accessTokenIssuer,
      aud: accessTokenAudience,
      expiresIn: config.ACCESS_TOKEN_TTL_SECONDS * 1000,
    },
    verify: { algorithms: ['HS256'], allowedIss: accessTokenIssuer, allowedAud: accessTokenAudience },
  });
}
