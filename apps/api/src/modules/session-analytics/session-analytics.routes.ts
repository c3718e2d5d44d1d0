import {
  sessionAnalyticsSchema,
  sessionLiveViewersSchema,
  sessionViewHistoryEnvelope,
  sessionViewHistoryQuerySchema,
  successEnvelope,
  uuidParamsSchema,
  viewerSnapshotSeriesSchema,
  viewerSnapshotsQuerySchema,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import type { SessionAnalyticsService } from './session-analytics.service.ts';

const tags = ['analytics'];
const security = [{ bearerAuth: [] }];
// onRequest: an anonymous caller is a 401 before anything else is looked at.
const signedIn = { onRequest: requireAuth };

/**
 * Mounted at /sessions: `/:id/analytics`, `/:id/analytics/live`, `/:id/analytics/viewers`,
 * `/:id/analytics/snapshots` (seed 003 "Session Analytics Routes", seed 000 "Analytics Dashboard").
 * Only the session's creator or an admin may read them; the service checks which.
 */
export const sessionAnalyticsRoutes: FastifyPluginAsyncZod<{ service: SessionAnalyticsService }> = async (
  app,
  { service },
) => {
  app.get(
    '/:id/analytics',
    {
      ...signedIn,
      schema: { tags, security, params: uuidParamsSchema, response: { 200: successEnvelope(sessionAnalyticsSchema) } },
    },
    async (request) => ({
      success: true as const,
      data: await service.overview(callerOf(request), request.params.id),
    }),
  );

  app.get(
    '/:id/analytics/live',
    {
      ...signedIn,
      schema: {
        tags,
        security,
        params: uuidParamsSchema,
        response: { 200: successEnvelope(sessionLiveViewersSchema) },
      },
    },
    async (request) => ({
      success: true as const,
      data: await service.liveViewers(callerOf(request), request.params.id),
    }),
  );

  app.get(
    '/:id/analytics/viewers',
    {
      ...signedIn,
      schema: {
        tags,
        security,
        params: uuidParamsSchema,
        querystring: sessionViewHistoryQuerySchema,
        response: { 200: sessionViewHistoryEnvelope },
      },
    },
    async (request) => {
      const { history, meta } = await service.viewHistory(callerOf(request), request.params.id, request.query);
      return { success: true as const, data: history, meta };
    },
  );

  app.get(
    '/:id/analytics/snapshots',
    {
      ...signedIn,
      schema: {
        tags,
        security,
        params: uuidParamsSchema,
        querystring: viewerSnapshotsQuerySchema,
        response: { 200: successEnvelope(viewerSnapshotSeriesSchema) },
      },
    },
    async (request) => ({
      success: true as const,
      data: await service.snapshots(callerOf(request), request.params.id, request.query.timeRange),
    }),
  );
};
