import jwt from '@fastify/jwt';
import { accessTokenJwtOptions } from '@showfloor/access-tokens';
import type { ApiConfig } from '@showfloor/config';
import type { HttpServer } from '@showfloor/server-kit';

/**
 * `app.jwt`: the API's one token verifier and signer, registered with the options the realtime
 * service registers too (@showfloor/access-tokens), so a token one accepts the other accepts.
 */
export async function registerJwt(app: HttpServer, config: ApiConfig): Promise<void> {
  await app.register(
    jwt,
    accessTokenJwtOptions({ secret: config.JWT_SECRET, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS }),
  );
}
