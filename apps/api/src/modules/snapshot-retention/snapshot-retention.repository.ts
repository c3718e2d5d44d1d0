import { Prisma, type PrismaClient } from '@showfloor/db';

/**
 * One bounded batch of the oldest expired snapshots. The inner select walks
 * `viewer_snapshots_minute_idx` from its start and stops after `limit` entries, so a batch costs
 * the same however many rows have expired. `= ANY(ARRAY(…))` rather than `IN (…)`: with IN the
 * planner may hash-join the batch against a sequential scan of the whole table; the array makes
 * it fetch exactly those rows by primary key. SKIP LOCKED lets two API instances run the job at
 * once without waiting on each other (a batch cut short by the other's locks ends this run early;
 * the next run resumes). Exported so a test can EXPLAIN the exact SQL.
 */
export function expiredSnapshotBatchDelete(cutoff: Date, limit: number): Prisma.Sql {
  return Prisma.sql`
    DELETE FROM viewer_snapshots
    WHERE id = ANY(ARRAY(
      SELECT id FROM viewer_snapshots
      WHERE minute < ${cutoff}
      ORDER BY minute
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ))`;
}

export function createSnapshotRetentionRepository(prisma: PrismaClient) {
  return {
    /** Deletes up to `limit` snapshots whose minute is before `cutoff`; answers how many went. */
    deleteExpiredBatch(cutoff: Date, limit: number): Promise<number> {
      return prisma.$executeRaw(expiredSnapshotBatchDelete(cutoff, limit));
    },
  };
}
