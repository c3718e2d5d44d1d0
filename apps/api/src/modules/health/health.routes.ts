import { type ApiHealth, apiHealthSchema, apiLivenessSchema } from '@showfloor/contracts';
import type { PrismaClient } from '@showfloor/db';
import type { GroupCommitWriter } from '@showfloor/group-commit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { probeDatabase } from './database-probe.ts';

export interface HealthRouteOptions {
  prisma: PrismaClient;
  version: string;
  startedAt: number;
  /** This process's place among the host's API processes. */
  process: { index: number; count: number };
  dbTimeoutMs: number;
  /** Room events bound for the realtime service: waiting, and given up. */
  pushes: { stats(): { pending: number; dropped: number } };
  /** Events for single users' tabs: waiting, and given up (the next fetch has what they carried). */
  userPushes: { stats(): { pending: number; dropped: number } };
  featureEvents: Pick<GroupCommitWriter<unknown, unknown>, 'stats'>;
  visitorEvents: Pick<GroupCommitWriter<unknown, unknown>, 'stats'>;
  visitorIndex: () => ApiHealth['visitorIndex'];
}

function writerHealth(stats: ReturnType<GroupCommitWriter<unknown, unknown>['stats']>) {
  return {
    pending: stats.pendingItems,
    committed: stats.committedItems,
    refused: {
      queueFull: stats.refused['queue-full'],
      deadline: stats.refused.deadline,
      commitFailed: stats.refused['commit-failed'],
      closing: stats.refused.closing,
    },
  };
}

/**
 * `GET /health`: 200 when the database answers, 503 (same body shape) when it does not. Room
 * pushes are reported, not judged: a realtime outage leaves the API healthy.
 */
export const healthRoutes: FastifyPluginAsyncZod<HealthRouteOptions> = async (app, options) => {
  // Liveness: the process answers HTTP. Reads nothing, so it is also the HTTP ceiling benchmarks compare against.
  app.get(
    '/health/live',
    { logLevel: 'warn', schema: { operationId: 'liveness', tags: ['health'], response: { 200: apiLivenessSchema } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health',
    {
      logLevel: 'warn',
      schema: {
        tags: ['health'],
        response: { 200: apiHealthSchema, 503: apiHealthSchema },
      },
    },
    async (_request, reply) => {
      const dbUp = await probeDatabase(options.prisma, options.dbTimeoutMs);
      const pushes = options.pushes.stats();
      return reply.status(dbUp ? 200 : 503).send({
        status: dbUp ? 'ok' : 'degraded',
        db: dbUp ? 'up' : 'down',
        version: options.version,
        uptimeSeconds: Math.floor((Date.now() - options.startedAt) / 1000),
        process: options.process,
        pendingPushes: pushes.pending,
        droppedPushes: pushes.dropped,
        userPushes: options.userPushes.stats(),
        trackedEvents: writerHealth(options.featureEvents.stats()),
        visitorEvents: writerHealth(options.visitorEvents.stats()),
        visitorIndex: options.visitorIndex(),
      });
    },
  );
};
