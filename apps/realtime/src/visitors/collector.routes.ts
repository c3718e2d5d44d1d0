import {
  plausibleEventBodySchema,
  RateLimitedError,
  ServiceUnavailableError,
  type SuccessEnvelope,
  successEnvelope,
  type VisitorEventsResponse,
  visitorEventsRequestSchema,
  visitorEventsResponseSchema,
  visitorLiveRoutes,
} from '@showfloor/contracts';
import type { Clock, RateLimiterFactory } from '@showfloor/server-kit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { createCollectorAnswerWriter } from './collector-answer.ts';
import type { VisitorCollector } from './visitor-collector.ts';
import { fromPlausibleBody, fromSeedBody } from './visitor-event-input.ts';
import type { VisitorLiveState } from './visitor-live-state.ts';
import { addCollectorCorsHeaders } from './visitors-cors.ts';

export interface CollectorRouteOptions {
  collector: VisitorCollector;
  state: Pick<VisitorLiveState, 'latest'>;
  clock: Clock;
  /** Whether the history can take `events` more; when not, they are refused, never accepted and lost. */
  historyHasRoom(events: number): boolean;
  ratePerMinute: number;
  /** Where the per-IP budget counts. */
  limiters: RateLimiterFactory;
  /** Largest collector body (a batch of 100 events fits well within 64 KB). */
  bodyLimitBytes: number;
}

/** Plausible marks what it did not record this way, and still answers 202. */
export const plausibleDroppedHeader = 'x-plausible-dropped';

/**
 * The public collector (seed 002): `POST /api/events` (the seed's body, or a batch) and
 * `POST /api/event` (Plausible's Events API, so its tracker works unchanged). Any website calls
 * them, so any origin may (no credentials; CORS in visitors-cors.ts); each IP has a budget of events per minute.
 */
export const collectorRoutes: FastifyPluginAsyncZod<CollectorRouteOptions> = async (app, options) => {
  const { collector, state, clock } = options;
  const writeAnswer = createCollectorAnswerWriter(clock);
  // Any origin may post events; preflights are answered by the visitors' CORS registration.
  app.addHook('onRequest', addCollectorCorsHeaders);
  const limiter = options.limiters({ keyPrefix: 'collector', points: options.ratePerMinute, durationMs: 60_000 });

  async function withinBudget(ip: string, events: number): Promise<void> {
    try {
      await limiter.consume(ip, events);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      collector.countDropped(events);
      throw new RateLimitedError('Too many events; slow down', Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
    }
    if (!options.historyHasRoom(events)) {
      collector.countDropped(events);
      throw new ServiceUnavailableError('Visitor history is catching up; send the events again shortly', 1);
    }
  }

  app.post(
    visitorLiveRoutes.events,
    {
      bodyLimit: options.bodyLimitBytes,
      logLevel: 'warn',
      schema: { body: visitorEventsRequestSchema, response: { 200: successEnvelope(visitorEventsResponseSchema) } },
      // The answer is built below from the live state, its shape checked by TypeScript against the
      // schema. Checking it again with zod on every event (a record of up to 1,000 pages) took
      // about 40 % of the route's CPU in the bench:visitors:live profile, so it is written as is.
      serializerCompiler: () => (data) => writeAnswer(data as SuccessEnvelope<VisitorEventsResponse>),
    },
    async (request) => {
      const bodies = request.body;
      // Read once: with a proxy-hop rule, each read of `request.ip` walks X-Forwarded-For again.
      const ip = request.ip;
      await withinBudget(ip, bodies.length);
      const result = await collector.collect(bodies.map(fromSeedBody), {
        ip,
        userAgent: request.headers['user-agent'] ?? '',
      });
      return {
        success: true as const,
        message: result.accepted > 0 ? 'Event processed successfully' : 'Event ignored (bot)',
        data: {
          session_id: result.sessionId,
          current_stats: state.latest(),
          accepted: result.accepted,
          dropped: result.dropped,
        },
      };
    },
  );

  await app.register(async (plausible) => {
    // The tracker sends JSON as text/plain (no CORS preflight). Neither parser throws: a body that
    // is not JSON is dropped with 202, as Plausible does, not refused.
    const lenientJson = (_request: unknown, body: string, done: (error: null, value?: unknown) => void) => {
      try {
        done(null, JSON.parse(body));
      } catch {
        done(null, undefined);
      }
    };
    plausible.removeContentTypeParser(['application/json', 'text/plain']);
    plausible.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, lenientJson);
    plausible.post(
      visitorLiveRoutes.plausibleEvent,
      { bodyLimit: options.bodyLimitBytes, logLevel: 'warn' },
      async (request, reply) => {
        const ip = request.ip;
        await withinBudget(ip, 1);
        const parsed = plausibleEventBodySchema.safeParse(request.body);
        const input = parsed.success ? fromPlausibleBody(parsed.data) : null;
        const accepted =
          input !== null &&
          (await collector.collect([input], { ip, userAgent: request.headers['user-agent'] ?? '' })).accepted > 0;
        if (!accepted) {
          if (input === null) collector.countDropped();
          reply.header(plausibleDroppedHeader, '1');
        }
        return reply.code(202).type('text/plain; charset=utf-8').send('ok');
      },
    );
  });
};
