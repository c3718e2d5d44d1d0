import { type RealtimeHealth, realtimeHealthSchema } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export interface HealthRouteOptions {
  read(): Promise<Omit<RealtimeHealth, 'status' | 'version' | 'uptimeSeconds'>>;
  version: string;
  startedAt: number;
}

export const healthRoutes: FastifyPluginAsyncZod<HealthRouteOptions> = async (app, options) => {
  app.get('/health', { logLevel: 'warn', schema: { response: { 200: realtimeHealthSchema } } }, async () => ({
    status: 'ok' as const,
    version: options.version,
    uptimeSeconds: Math.floor((Date.now() - options.startedAt) / 1000),
    ...(await options.read()),
  }));
};
