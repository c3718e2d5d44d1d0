import { webConfigSchema } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type PublicRealtimeSettings, publicRealtimeUrl } from '../../shared/public-realtime-url.ts';

export interface WebConfigRouteOptions {
  realtime: PublicRealtimeSettings;
  agoraAppId: string | undefined;
}

/**
 * `GET /config.json`: the web app's run-time settings. Public, and registered whether or not this
 * API serves the web app (a page served elsewhere may read it). The answer depends on the Host the
 * page was opened at, so nothing may cache it.
 */
export const webConfigRoutes: FastifyPluginAsyncZod<WebConfigRouteOptions> = async (app, options) => {
  app.get(
    '/config.json',
    {
      schema: {
        tags: ['web'],
        operationId: 'webConfig',
        summary: "The web app's run-time settings: where Socket.IO is, and the Agora App ID",
        response: { 200: webConfigSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return {
        realtimeUrl: publicRealtimeUrl(request, options.realtime),
        agoraAppId: options.agoraAppId ?? null,
      };
    },
  );
};
