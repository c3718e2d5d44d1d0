import { signAccessToken } from '@showfloor/access-tokens';
import type { ApiConfig } from '@showfloor/config';
import { restRoutes } from '@showfloor/contracts';
import type { PrismaClient } from '@showfloor/db';
import { type Clock, createHttpServer, type HttpServer, type Logger, readPackageVersion } from '@showfloor/server-kit';
import { healthRoutes } from './modules/health/health.routes.ts';
import { webAppRoutes } from './modules/web-app/web-app.routes.ts';
import { webConfigRoutes } from './modules/web-app/web-config.routes.ts';
import { registerInternalSurface } from './plugins/app/internal-surface.ts';
import { registerPublicSurface } from './plugins/app/public-surface.ts';
import { registerCors } from './plugins/external/cors.ts';
import { registerJwt } from './plugins/external/jwt.ts';
import { registerLoadShedding } from './plugins/external/load-shedding.ts';
import { registerOpenApiDocs } from './plugins/external/openapi-docs.ts';
import { registerSecurityHeaders } from './plugins/external/security-headers.ts';
import { createServices } from './services.ts';
import type { CacheEvictions } from './shared/cache-evictions.ts';
import { publicRealtimeUrl } from './shared/public-realtime-url.ts';

export interface AppDeps {
  config: ApiConfig;
  prisma: PrismaClient;
  logger: Logger;
  /**
   * Which routes this instance serves. With INTERNAL_PORT set the server builds two instances,
   * one public and one internal, so /internal never answers on the public port.
   */
  surfaces?: { public: boolean; internal: boolean };
  /** The process's cache evictions, when another app instance or API process shares them. */
  evictions?: CacheEvictions;
  /** This process's place among the host's API processes (one of one by default). */
  process?: { index: number; count: number };
  /** What "now" is for engagement stats (today, this week); tests pin it. */
  clock?: Clock;
}

export const apiVersion = readPackageVersion(new URL('../package.json', import.meta.url));

/** Builds the API as a Fastify instance, ready for `inject` or `listen`; it never listens itself. */
export async function buildApp(deps: AppDeps): Promise<HttpServer> {
  const { config, prisma, logger } = deps;
  const surfaces = deps.surfaces ?? { public: true, internal: true };
  const app = createHttpServer({
    logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    trustProxyHops: config.TRUST_PROXY_HOPS,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    // Tracking is the API's hottest path (thousands of requests a second): two info lines each
    // would cost more than the request itself. Refusals and errors are still logged.
    unloggedPaths: [restRoutes.featureAnalytics.track.path, restRoutes.featureAnalytics.trackBatch.path],
  });
  await registerLoadShedding(app, config);
  // Both surfaces: services are built once per instance, and login signs through `app.jwt`.
  await registerJwt(app, config);
  const services = createServices({
    config,
    prisma,
    logger,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.evictions ? { evictions: deps.evictions } : {}),
    accessTokens: {
      ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      sign: (identity) => signAccessToken(app.jwt, identity),
    },
  });
  app.addHook('onClose', async () => {
    // Recounts push and notify: they finish before the pushes and the database go.
    await services.engagementUpdatesIdle();
    await services.closeFeatureEvents();
    await services.closeVisitorEvents();
    await services.closeActivities();
    await services.pushes.close();
    services.userPushes.close();
    await services.closeRateLimits();
  });

  if (surfaces.public) {
    await registerOpenApiDocs(app, apiVersion);
    await registerSecurityHeaders(app, {
      realtimeUrlFor: (request) => publicRealtimeUrl(request, config),
      agora: config.AGORA_APP_ID !== undefined,
    });
    await registerCors(app, config);
  }
  await app.register(healthRoutes, {
    prisma,
    version: apiVersion,
    startedAt: Date.now(),
    process: deps.process ?? { index: 0, count: 1 },
    dbTimeoutMs: config.DB_HEALTH_TIMEOUT_MS,
    pushes: services.pushes,
    userPushes: services.userPushes,
    featureEvents: services.featureEventWriter,
    visitorEvents: services.visitorEventWriter,
    visitorIndex: services.visitorIndexHealth,
  });
  if (surfaces.public) {
    await registerPublicSurface(app, { config, services });
    await app.register(webConfigRoutes, { realtime: config, agoraAppId: config.AGORA_APP_ID });
    // Its catch-all answers only what no other route matches: the router prefers the more specific.
    if (config.WEB_DIST_DIR) await app.register(webAppRoutes, { distDir: config.WEB_DIST_DIR });
  }
  if (surfaces.internal) {
    await registerInternalSurface(app, {
      internalApiKey: config.INTERNAL_API_KEY,
      bodyLimitBytes: config.INTERNAL_BODY_LIMIT_BYTES,
      services,
    });
  }
  return app;
}
