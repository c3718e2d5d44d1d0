import type { FastifyCorsOptions, FastifyCorsOptionsDelegateCallback } from '@fastify/cors';
import { visitorLiveRoutes } from '@showfloor/contracts';
import type { onRequestHookHandler } from 'fastify';

const collectorPaths = new Set<string>([visitorLiveRoutes.events, visitorLiveRoutes.plausibleEvent]);

/** The collector takes events from any website's pages: POST, any origin, no credentials. */
const collectorCors = { origin: '*', methods: ['POST'], maxAge: 86_400 } as const satisfies FastifyCorsOptions;

/**
 * CORS for seed 002's public surface, registered once (@fastify/cors adds one `OPTIONS *` route, so
 * two registrations cannot coexist): it answers every preflight — the collector's with
 * `collectorCors` — and the admin reads, which answer only the web app's origins (`CORS_ORIGINS`)
 * and send the admin's bearer token (never cookies). The collector's own POSTs take their headers
 * from `addCollectorCorsHeaders` instead.
 */
export function visitorsCors(webAppOrigins: readonly string[]): FastifyCorsOptionsDelegateCallback {
  const collector: FastifyCorsOptions = { ...collectorCors, methods: [...collectorCors.methods] };
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

/**
 * The headers @fastify/cors gives a collector POST through the delegator (`Vary: Origin`, as for
 * any delegated answer, and `Access-Control-Allow-Origin: *`), set directly: the delegator builds
 * and merges its options afresh on every request, 5–6 % of the single-event route's CPU in
 * bench:visitors:live, for an answer that never changes.
 */
export const addCollectorCorsHeaders: onRequestHookHandler = (_request, reply, done) => {
  reply.header('vary', 'Origin');
  reply.header('access-control-allow-origin', collectorCors.origin);
  done();
};
