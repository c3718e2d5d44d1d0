import { restRoutes } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { SessionAnalyticsService } from './session-analytics.service.ts';

const routes = restRoutes.analytics;
// onRequest: an anonymous caller is a 401 before anything else is looked at.
const signedIn = { onRequest: requireAuth };

/**
 * Mounted at /sessions: `/:sessionId/analytics`, `…/analytics/live`, `…/analytics/viewers`,
 * `…/analytics/snapshots` (seed 003 "Session Analytics Routes", seed 000 "Analytics Dashboard").
 * Only the session's creator or an admin may read them; the service checks which.
 */
export const sessionAnalyticsRoutes: FastifyPluginAsyncZod<{ service: SessionAnalyticsService }> = async (
  app,
  { service },
) => {
  app.route({
    ...restRoute(app, routes.session),
    ...signedIn,
    handler: async (request) => ({
      success: true as const,
      data: await service.overview(callerOf(request), request.params.sessionId),
    }),
  });

  app.route({
    ...restRoute(app, routes.liveViewers),
    ...signedIn,
    handler: async (request) => ({
      success: true as const,
      data: await service.liveViewers(callerOf(request), request.params.sessionId),
    }),
  });

  app.route({
    ...restRoute(app, routes.viewers),
    ...signedIn,
    handler: async (request) => {
      const { history, meta } = await service.viewHistory(callerOf(request), request.params.sessionId, request.query);
      return { success: true as const, data: history, meta };
    },
  });

  app.route({
    ...restRoute(app, routes.snapshots),
    ...signedIn,
    handler: async (request) => ({
      success: true as const,
      data: await service.snapshots(callerOf(request), request.params.sessionId, request.query.timeRange),
    }),
  });
};
