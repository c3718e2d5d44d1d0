import type { SessionTotals, sessionTotalsBatchResultSchema, sessionTotalsBatchSchema } from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { z } from 'zod';
import { latestTotalsPerNode } from './latest-node-totals.ts';
import type { SessionTotalsRepository } from './session-totals.repository.ts';

type SessionTotalsBatch = z.infer<typeof sessionTotalsBatchSchema>;
type SessionTotalsBatchResult = z.infer<typeof sessionTotalsBatchResultSchema>;

export interface SessionTotalsServiceDeps {
  repository: SessionTotalsRepository;
  logger: Logger;
}

/**
 * End-of-stream totals and checkpoints. Each item is one realtime node's cumulative count for a
 * session: it replaces that node's earlier report, and the session's figures are the sum over its
 * nodes, so a session spread over several nodes (or handed from one to the next) adds up.
 */
export function createSessionTotalsService({ repository, logger }: SessionTotalsServiceDeps) {
  return {
    async ingestBatch(batch: SessionTotalsBatch): Promise<SessionTotalsBatchResult> {
      const { storedSessionIds, clickStatsSaved, clickStatsSkipped } = await repository.applyBatch(
        latestTotalsPerNode(batch.totals),
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
