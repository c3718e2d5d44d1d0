import type { FastifyCorsOptions, FastifyCorsOptionsDelegateCallback } from '@fastify/cors';
import { visitorLiveRoutes } from '@showfloor/contracts';

const collectorPaths = new Set<string>([visitorLiveRoutes.events, visitorLiveRoutes.plausibleEvent]);

/**
 * CORS for seed 002's public surface, registered once (@fastify/cors adds one `OPTIONS *` route, so
 * two registrations cannot coexist): the collector takes events from any website's pages (POST, no
 * credentials); the admin reads answer only the web app's origins (`CORS_ORIGINS`), which send
 * the admin's bearer token (never cookies).
 */
export function visitorsCors(webAppOrigins: readonly string[]): FastifyCorsOptionsDelegateCallback {
  const collector: FastifyCorsOptions = { origin: '*', methods: ['POST'], maxAge: 86_400 };
  const reads: FastifyCorsOptions = {
    origin: webAppOrigins.includes('*') ? true : [...webAppOrigins],
    methods: ['GET'],
    allowedHeaders: ['authorization', 'accept'],
    maxAge: 600,
  };
  return (request, callback) => {
    const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
    callback(null, collectorPaths.has(path) ? collector : reads);
  };
}
