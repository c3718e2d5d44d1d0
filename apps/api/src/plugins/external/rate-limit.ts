import rateLimit from '@fastify/rate-limit';
import type { ApiConfig } from '@showfloor/config';
import { RateLimitedError } from '@showfloor/contracts';
import type { HttpServer } from '@showfloor/server-kit';

/**
 * A per-IP ceiling on the public API (the internal surface is never limited). In memory: with
 * several API instances, give each a share of the limit or move the store to Redis.
 */
export async function registerRateLimit(app: HttpServer, config: ApiConfig): Promise<void> {
  await app.register(rateLimit, {
    max: config.RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError(
        `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`,
        Math.ceil(context.ttl / 1000),
      ),
  });
}
