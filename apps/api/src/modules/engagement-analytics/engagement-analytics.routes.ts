import {
  conversionStatsSchema,
  creatorAnalyticsSchema,
  creatorIdParamsSchema,
  sessionReactionsSchema,
  successEnvelope,
  uuidParamsSchema,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import type { EngagementAnalyticsService } from './engagement-analytics.service.ts';

const tags = ['analytics'];
const secured = [{ bearerAuth: [] }];
/** Works anonymously; a token, when sent, must still be valid (the authentication hook answers 401 otherwise). */
const optionallySecured: Record<string, string[]>[] = [{}, { bearerAuth: [] }];

/**
 * Mounted at the API root: `/sessions/:id/reactions`, `/sessions/:id/conversion-stats` (seed 003:
 * public and optional auth) and `/analytics/creator/:creatorId` (the creator or an admin).
 */
export const engagementAnalyticsRoutes: FastifyPluginAsyncZod<{ service: EngagementAnalyticsService }> = async (
  app,
  { service },
) => {
  app.get(
    '/sessions/:id/reactions',
    { schema: { tags, params: uuidParamsSchema, response: { 200: successEnvelope(sessionReactionsSchema) } } },
    async (request) => ({ success: true as const, data: await service.reactions(request.params.id) }),
  );

  app.get(
    '/sessions/:id/conversion-stats',
    {
      schema: {
        tags,
        security: optionallySecured,
        params: uuidParamsSchema,
        response: { 200: successEnvelope(conversionStatsSchema) },
      },
    },
    async (request) => ({ success: true as const, data: await service.conversionStats(request.params.id) }),
  );

  app.get(
    '/analytics/creator/:creatorId',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        security: secured,
        params: creatorIdParamsSchema,
        response: { 200: successEnvelope(creatorAnalyticsSchema) },
      },
    },
    async (request) => ({
      success: true as const,
      data: await service.creatorAnalytics(callerOf(request), request.params.creatorId),
    }),
  );
};
