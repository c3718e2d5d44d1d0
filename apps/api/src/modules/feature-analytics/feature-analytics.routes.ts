import { restRoutes } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { FeatureAnalyticsService } from './feature-analytics.service.ts';

const routes = restRoutes.featureAnalytics;
const signedIn = { onRequest: requireAuth };

/**
 * Mounted at the API root: `/track`, `/track/batch` (any signed-in user, about themselves) and
 * `/analytics` (admins), seed 004's paths. A 202 means committed: the handler returns only after
 * the group commit holding the events did.
 */
export const featureAnalyticsRoutes: FastifyPluginAsyncZod<{ service: FeatureAnalyticsService }> = async (
  app,
  { service },
) => {
  app.route({
    ...restRoute(app, routes.track),
    ...signedIn,
    handler: async (request, reply) =>
      reply.status(202).send({ success: true, data: await service.track(callerOf(request), request.body) }),
  });

  app.route({
    ...restRoute(app, routes.trackBatch),
    ...signedIn,
    handler: async (request, reply) =>
      reply.status(202).send({ success: true, data: await service.trackBatch(callerOf(request), request.body.events) }),
  });

  app.route({
    ...restRoute(app, routes.dashboard),
    ...signedIn,
    handler: async (request, reply) => {
      const wantsCsv = request.query.format === 'csv' || (request.headers.accept ?? '').includes('text/csv');
      if (!wantsCsv) return { success: true as const, data: await service.dashboard(callerOf(request), request.query) };
      const csv = await service.dashboardCsv(callerOf(request), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="feature-analytics.csv"')
        .serializer((payload: unknown) => String(payload))
        .send(csv);
    },
  });
};
