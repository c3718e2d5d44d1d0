import type { ApiConfig } from '@showfloor/config';
import type { PrismaClient } from '@showfloor/db';
import { createHttpServer, type HttpServer, type Logger, readPackageVersion } from '@showfloor/server-kit';
import { healthRoutes } from './modules/health/health.routes.ts';
import { registerInternalSurface } from './plugins/app/internal-surface.ts';
import { registerCors } from './plugins/external/cors.ts';
import { registerJwt } from './plugins/external/jwt.ts';
import { createServices } from './services.ts';

export interface AppDeps {
  config: ApiConfig;
  prisma: PrismaClient;
  logger: Logger;
  /**
   * Which routes this instance serves. With INTERNAL_PORT set the server builds two instances,
   * one public and one internal, so /internal never answers on the public port.
   */
  surfaces?: { public: boolean; internal: boolean };
}

export const apiVersion = readPackageVersion(new URL('../package.json', import.meta.url));

/** Builds the API as a Fastify instance, ready for `inject` or `listen`; it never listens itself. */
export async function buildApp(deps: AppDeps): Promise<HttpServer> {
  const { config, prisma, logger } = deps;
  const surfaces = deps.surfaces ?? { public: true, internal: true };
  const app = createHttpServer({ logger, bodyLimitBytes: config.BODY_LIMIT_BYTES });
  const services = createServices({ config, prisma, logger });

  await app.register(healthRoutes, {
    prisma,
    version: apiVersion,
    startedAt: Date.now(),
    dbTimeoutMs: config.DB_HEALTH_TIMEOUT_MS,
  });

  if (surfaces.public) {
    await registerCors(app, config);
    await registerJwt(app, config);
  }
  if (surfaces.internal) {
    await registerInternalSurface(app, config.INTERNAL_API_KEY, services);
  }
  return app;
}
