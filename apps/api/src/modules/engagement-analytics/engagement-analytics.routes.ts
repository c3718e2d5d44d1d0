import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EngagementAnalyticsService } from './engagement-analytics.service.ts';

/** Mounted at the API root: `/sessions/:id/reactions`, `/sessions/:id/conversion-stats`, `/analytics/creator/:creatorId`. */
export const engagementAnalyticsRoutes: FastifyPluginAsyncZod<{ service: EngagementAnalyticsService }> = async () => {};
