import jwt from '@fastify/jwt';
import type { ApiConfig } from '@showfloor/config';
import type { HttpServer } from '@showfloor/server-kit';

export const accessTokenIssuer = 'showfloor-api';
export const accessTokenAudience = 'showfloor';

// The algorithm is pinned on both sides so a token signed with another algorithm (or `none`)
// never verifies.
export async function registerJwt(app: HttpServer, config: ApiConfig): Promise<void> {
  await app.register(jwt, {
    secret: config.JWT_SECRET,
    sign: { algorithm: 'HS256', iss: accessTokenIssuer, aud: accessTokenAudience, expiresIn: '15m' },
    verify: { algorithms: ['HS256'], allowedIss: accessTokenIssuer, allowedAud: accessTokenAudience },
  });
}
