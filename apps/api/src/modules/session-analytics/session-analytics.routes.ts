import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SessionAnalyticsService } from './session-analytics.service.ts';

/** Mounted at /sessions: `/:id/analytics`, `/:id/analytics/live`, `/:id/analytics/viewers`, `/:id/analytics/snapshots`. */
export const sessionAnalyticsRoutes: FastifyPluginAsyncZod<{ service: SessionAnalyticsService }> = async () => {};
