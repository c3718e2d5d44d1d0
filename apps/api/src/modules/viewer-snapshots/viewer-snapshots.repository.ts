import type { ViewerSnapshot } from '@showfloor/contracts';
import type { PrismaClient } from '@showfloor/db';

export interface SnapshotInsertOutcome {
  /** Snapshots whose session exists and has viewer analytics on. */
  eligible: number;
  /** Rows inserted, or replaced by one with more samples (eligible minus those already stored). */
  inserted: number;
}

export function createViewerSnapshotRepository(prisma: PrismaClient) {
  return {
    /**
     * Inserts a batch in one statement. Sessions that are missing or have analytics off are
     * filtered in SQL, and ON CONFLICT makes redelivery (even concurrent) store each row once.
     */
    async insertBatch(snapshots: readonly ViewerSnapshot[]): Promise<SnapshotInsertOutcome> {
      const rows = await prisma.$queryRaw<{ eligible: number; inserted: number }[]>`
        WITH incoming AS (
          SELECT *
          FROM unnest(
            ${snapshots.map((s) => s.sessionId)}::uuid[],
            ${snapshots.map((s) => s.minute)}::timestamptz[],
            ${snapshots.map((s) => s.nodeId)}::text[],
            ${snapshots.map((s) => s.viewerCount)}::int[],
            ${snapshots.map((s) => s.avgViewers)}::float8[],
            ${snapshots.map((s) => s.peakViewers)}::int[],
            ${snapshots.map((s) => s.minViewers)}::int[],
            ${snapshots.map((s) => s.sampleCount)}::int[]
          ) AS t(session_id, minute, node_id, viewer_count, avg_viewers, peak_viewers, min_viewers, sample_count)
        ),
        eligible AS (
          SELECT incoming.*
          FROM incoming
          JOIN sessions ON sessions.id = incoming.session_id AND sessions.enable_viewer_analytics
        ),
        inserted AS (
          INSERT INTO viewer_snapshots
            (session_id, minute, node_id, viewer_count, avg_viewers, peak_viewers, min_viewers, sample_count)
          SELECT session_id, minute, node_id, viewer_count, avg_viewers, peak_viewers, min_viewers, sample_count
          FROM eligible
          -- A redelivery changes nothing. Nodes of a cluster all report the cluster's minute
          -- under one node id: the row with the most samples stands (not one a node cut short
          -- at its shutdown).
          ON CONFLICT (session_id, minute, node_id) DO UPDATE
            SET viewer_count = EXCLUDED.viewer_count, avg_viewers = EXCLUDED.avg_viewers,
                peak_viewers = EXCLUDED.peak_viewers, min_viewers = EXCLUDED.min_viewers,
                sample_count = EXCLUDED.sample_count
            WHERE EXCLUDED.sample_count > viewer_snapshots.sample_count
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM eligible)::int AS eligible, (SELECT count(*) FROM inserted)::int AS inserted`;
      const [outcome] = rows;
      return { eligible: outcome?.eligible ?? 0, inserted: outcome?.inserted ?? 0 };
    },
  };
}

export type ViewerSnapshotRepository = ReturnType<typeof createViewerSnapshotRepository>;
