import type { PrismaClient } from '@showfloor/db';
import type { Logger } from '@showfloor/server-kit';

export interface SnapshotRetentionOptions {
  prisma: PrismaClient;
  logger: Logger;
  retentionDays: number;
  intervalMs: number;
  batchSize: number;
}

/** Filled in by the retention work (issue 6). Returns a handle that stops the schedule. */
export function startSnapshotRetention(_options: SnapshotRetentionOptions): { stop(): Promise<void> } {
  return { stop: async () => {} };
}
