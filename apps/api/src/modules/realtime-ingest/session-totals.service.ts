import type { SessionTotals, sessionTotalsBatchResultSchema, sessionTotalsBatchSchema } from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { z } from 'zod';
import { latestTotalsPerSession } from './latest-session-totals.ts';
import type { SessionTotalsRepository } from './session-totals.repository.ts';

type SessionTotalsBatch = z.infer<typeof sessionTotalsBatchSchema>;
type SessionTotalsBatchResult = z.infer<typeof sessionTotalsBatchResultSchema>;

export interface SessionTotalsServiceDeps {
  repository: SessionTotalsRepository;
  logger: Logger;
}

/**
 * End-of-stream totals and shutdown checkpoints. Each item is the cumulative count of the one
 * realtime node that owned the session's stream, so storing it replaces what was there. That holds
 * while a session lives on a single node: spreading one session over several nodes would need the
 * counts aggregated in a shared store (Redis) first, since two nodes' totals here would overwrite
 * each other rather than add up.
 */
export function createSessionTotalsService({ repository, logger }: SessionTotalsServiceDeps) {
  return {
    async ingestBatch(batch: SessionTotalsBatch): Promise<SessionTotalsBatchResult> {
      const { storedSessionIds, clickStatsSaved, clickStatsSkipped } = await repository.applyBatch(
        latestTotalsPerSession(batch.totals),
      );
      const isStored = (item: SessionTotals) => storedSessionIds.has(item.sessionId);
      const saved = batch.totals.filter(isStored).length;
      const result = { received: batch.totals.length, saved, skipped: batch.totals.length - saved };
      if (clickStatsSkipped > 0) logger.info({ clickStatsSkipped }, 'click stats of deleted products left out');
      logger.debug({ ...result, clickStatsSaved }, 'session totals batch ingested');
      return result;
    },
  };
}

export type SessionTotalsService = ReturnType<typeof createSessionTotalsService>;
