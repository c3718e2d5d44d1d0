import { restRoutes } from '@showfloor/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { VisitorHistoryService } from './visitor-history.service.ts';

const routes = restRoutes.visitorHistory;
const signedIn = { onRequest: requireAuth };

const wantsCsv = (request: FastifyRequest, format: string) =>
  format === 'csv' || (request.headers.accept ?? '').includes('text/csv');

function sendCsv(reply: FastifyReply, filename: string, csv: string) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .serializer((payload: unknown) => String(payload))
    .send(csv);
}

/** Mounted at the API root: seed 002's history reads (admins), JSON or CSV like feature analytics. */
export const visitorHistoryRoutes: FastifyPluginAsyncZod<{ service: VisitorHistoryService }> = async (
  app,
  { service },
) => {
  app.route({
    ...restRoute(app, routes.timeseries),
    ...signedIn,
    handler: async (request, reply) => {
      if (!wantsCsv(request, request.query.format)) {
        return { success: true as const, data: await service.timeseries(callerOf(request), request.query) };
      }
      return sendCsv(reply, 'visitors-timeseries.csv', await service.timeseriesCsv(callerOf(request), request.query));
    },
  });

  app.route({
    ...restRoute(app, routes.breakdown),
    ...signedIn,
    handler: async (request, reply) => {
      const { dimension } = request.params;
      if (!wantsCsv(request, request.query.format)) {
        return { success: true as const, data: await service.breakdown(callerOf(request), dimension, request.query) };
      }
      const csv = await service.breakdownCsv(callerOf(request), dimension, request.query);
      return sendCsv(reply, `visitors-${dimension}.csv`, csv);
    },
  });
};
