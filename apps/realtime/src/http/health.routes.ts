import { apiLivenessSchema, type RealtimeHealth, realtimeHealthSchema } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export interface HealthRouteOptions {
  read(): Promise<Omit<RealtimeHealth, 'status' | 'version' | 'uptimeSeconds'>>;
  version: string;
  startedAt: number;
}

export const healthRoutes: FastifyPluginAsyncZod<HealthRouteOptions> = async (app, options) => {
  // Liveness: the process answers HTTP, whatever the API is doing. Reads nothing, so it is also the
  // HTTP ceiling the visitor collector's benchmark compares against on the same server.
  app.get('/health/live', { logLevel: 'warn', schema: { response: { 200: apiLivenessSchema } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get('/health', { logLevel: 'warn', schema: { response: { 200: realtimeHealthSchema } } }, async () => ({
    status: 'ok' as const,
    version: options.version,
    uptimeSeconds: Math.floor((Date.now() - options.startedAt) / 1000),
    ...(await options.read()),
  }));
};
