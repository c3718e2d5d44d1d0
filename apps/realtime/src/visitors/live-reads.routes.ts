import {
  successEnvelope,
  type VisitorStatus,
  visitorDetailedStatsSchema,
  visitorLiveFilterSchema,
  visitorLiveRoutes,
  visitorSessionsQuerySchema,
  visitorSessionsResponseSchema,
  visitorStatusSchema,
  visitorSummaryQuerySchema,
  visitorSummaryResponseSchema,
} from '@showfloor/contracts';
import type { Clock } from '@showfloor/server-kit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type AdminTokenCheck, bearerToken } from './admin-token-check.ts';
import { countryName } from './country-names.ts';
import type { VisitorLiveState } from './visitor-live-state.ts';

export interface LiveReadRouteOptions {
  state: VisitorLiveState;
  checkAdmin: AdminTokenCheck;
  status(): Promise<VisitorStatus>;
  clock: Clock;
}

const defaultSessionsLimit = 100;

/** Live visitor reads (seed 002), for admins: `Authorization: Bearer <admin access token>`. */
export const liveReadRoutes: FastifyPluginAsyncZod<LiveReadRouteOptions> = async (app, options) => {
  const { state, clock } = options;
  app.addHook('onRequest', async (request) => {
    await options.checkAdmin(bearerToken(request.headers.authorization));
  });
  // Filters name countries as the stats do: "IN" and "India" are one country.
  const normalised = <T extends { country?: string | undefined }>(filter: T): T =>
    filter.country === undefined ? filter : { ...filter, country: countryName(filter.country) ?? filter.country };

  app.get(
    visitorLiveRoutes.summary,
    {
      schema: {
        querystring: visitorSummaryQuerySchema,
        response: { 200: successEnvelope(visitorSummaryResponseSchema) },
      },
    },
    async (request) => ({
      success: true as const,
      data: {
        summary: await state.currentStats(normalised(request.query)),
        generated_at: new Date(clock.now()).toISOString(),
      },
    }),
  );

  app.get(
    visitorLiveRoutes.sessions,
    {
      schema: {
        querystring: visitorSessionsQuerySchema,
        response: { 200: successEnvelope(visitorSessionsResponseSchema) },
      },
    },
    async (request) => {
      const { limit, ...filter } = request.query;
      return {
        success: true as const,
        data: await state.liveSessions(normalised(filter), limit ?? defaultSessionsLimit),
      };
    },
  );

  app.get(
    visitorLiveRoutes.detailed,
    {
      schema: { querystring: visitorLiveFilterSchema, response: { 200: successEnvelope(visitorDetailedStatsSchema) } },
    },
    async (request) => ({ success: true as const, data: await state.detailedStats(normalised(request.query)) }),
  );

  app.get(
    visitorLiveRoutes.status,
    { schema: { response: { 200: successEnvelope(visitorStatusSchema) } } },
    async () => ({ success: true as const, data: await options.status() }),
  );
};
