import type { ViewerSnapshotBatch, ViewerSnapshotBatchResult } from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { ViewerSnapshotRepository } from './viewer-snapshots.repository.ts';

export interface ViewerSnapshotServiceDeps {
  repository: ViewerSnapshotRepository;
  logger: Logger;
}

export function createViewerSnapshotService({ repository, logger }: ViewerSnapshotServiceDeps) {
  return {
    /** Stores a minute-snapshot batch from a realtime node; idempotent per (session, minute, node). */
    async ingestBatch(batch: ViewerSnapshotBatch): Promise<ViewerSnapshotBatchResult> {
      const { eligible, inserted } = await repository.insertBatch(batch.snapshots);
      const result = {
        received: batch.snapshots.length,
        saved: inserted,
        duplicates: eligible - inserted,
        skipped: batch.snapshots.length - eligible,
      };
      logger.debug(result, 'viewer snapshot batch ingested');
      return result;
    },
  };
}

export type ViewerSnapshotService = ReturnType<typeof createViewerSnapshotService>;
