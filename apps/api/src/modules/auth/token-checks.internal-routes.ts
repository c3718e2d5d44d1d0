import {
  successEnvelope,
  tokenCheckRequestSchema,
  tokenCheckResultSchema,
  tokenChecksRoute,
} from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TokenStateService } from './token-state.service.ts';

/**
 * For the realtime service's handshake: it has checked the signature, and asks whether the
 * token's login is still current. Same rule and cache as the public API's authentication hook.
 */
export const tokenChecksInternalRoutes: FastifyPluginAsyncZod<{ tokenState: TokenStateService }> = async (
  app,
  { tokenState },
) => {
  app.post(
    tokenChecksRoute,
    {
      schema: {
        tags: ['internal'],
        summary: "Whether an access token's login is still current (user exists, version, not logged out)",
        body: tokenCheckRequestSchema,
        response: { 200: successEnvelope(tokenCheckResultSchema) },
      },
    },
    async (request) => ({ success: true as const, data: await tokenState.check(request.body) }),
  );
};
