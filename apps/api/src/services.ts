import type { ApiConfig } from '@showfloor/config';
import type { PrismaClient } from '@showfloor/db';
import type { Logger } from '@showfloor/server-kit';
import { createViewerSnapshotRepository } from './modules/viewer-snapshots/viewer-snapshots.repository.ts';
import { createViewerSnapshotService } from './modules/viewer-snapshots/viewer-snapshots.service.ts';

export interface ServiceDeps {
  config: ApiConfig;
  prisma: PrismaClient;
  logger: Logger;
}

/** Wires every domain service from its narrow dependencies; routes receive what they need. */
export function createServices({ prisma, logger }: ServiceDeps) {
  return {
    viewerSnapshots: createViewerSnapshotService({
      repository: createViewerSnapshotRepository(prisma),
      logger: logger.child({ module: 'viewer-snapshots' }),
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
