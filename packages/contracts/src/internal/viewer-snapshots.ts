import { z } from 'zod';
import { textSchema } from '../rest/text.ts';

const count = z.number().int().nonnegative().max(10_000_000);

/**
 * The node id under which every realtime node of a cluster (REDIS_URL) reports the cluster's
 * minute snapshots, so the API keeps one per minute; no node may be named so.
 */
export const clusterSnapshotNodeId = 'cluster';

/** One realtime node's summary of one session's viewers over one minute (seed 000). */
export const viewerSnapshotSchema = z
  .object({
    sessionId: z.uuid(),
    /** Start of the sampled minute, floored. */
    minute: z.iso.datetime({ offset: true }),
    /** The last sample of the minute. */
    viewerCount: count,
    avgViewers: z.number().nonnegative().max(10_000_000),
    peakViewers: count,
    minViewers: count,
    sampleCount: z.number().int().positive().max(100_000),
    nodeId: textSchema().min(1).max(128),
  })
  .strict()
  .superRefine((snapshot, context) => {
    if (snapshot.minViewers > snapshot.peakViewers) {
      context.addIssue({ code: 'custom', path: ['minViewers'], message: 'must not exceed peakViewers' });
    }
    if (snapshot.avgViewers < snapshot.minViewers || snapshot.avgViewers > snapshot.peakViewers) {
      context.addIssue({
        code: 'custom',
        path: ['avgViewers'],
        message: 'must lie between minViewers and peakViewers',
      });
    }
    if (snapshot.viewerCount < snapshot.minViewers || snapshot.viewerCount > snapshot.peakViewers) {
      context.addIssue({
        code: 'custom',
        path: ['viewerCount'],
        message: 'must lie between minViewers and peakViewers',
      });
    }
  });
export type ViewerSnapshot = z.infer<typeof viewerSnapshotSchema>;

export const maxSnapshotsPerBatch = 5_000;

export const viewerSnapshotBatchSchema = z
  .object({ snapshots: z.array(viewerSnapshotSchema).min(1).max(maxSnapshotsPerBatch) })
  .strict();
export type ViewerSnapshotBatch = z.infer<typeof viewerSnapshotBatchSchema>;

export const viewerSnapshotBatchResultSchema = z.object({
  received: z.number().int(),
  /** Newly stored rows. */
  saved: z.number().int(),
  /** Already stored for the same (session, minute, node): a redelivery. */
  duplicates: z.number().int(),
  /** Sessions with viewer analytics turned off, or that no longer exist. */
  skipped: z.number().int(),
});
export type ViewerSnapshotBatchResult = z.infer<typeof viewerSnapshotBatchResultSchema>;
