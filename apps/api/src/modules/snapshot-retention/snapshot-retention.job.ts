import { performance } from 'node:perf_hooks';
import type { PrismaClient } from '@showfloor/db';
import { type Clock, type Logger, systemClock } from '@showfloor/server-kit';
import { startRecurringJob } from '../../shared/recurring-job.ts';
import { createSnapshotRetentionRepository } from './snapshot-retention.repository.ts';

const dayMs = 86_400_000;

/** The clock the schedule runs on; tests pass ManualClock from @showfloor/testing. */
export type RetentionClock = Clock;

export interface SnapshotRetentionOptions {
  prisma: PrismaClient;
  logger: Logger;
  retentionDays: number;
  intervalMs: number;
  batchSize: number;
  clock?: RetentionClock;
}

export interface RetentionRun {
  /** Snapshots whose minute is before this instant were expired; one exactly at it is kept. */
  cutoff: Date;
  deleted: number;
  /** DELETE statements sent, including the last one that found fewer rows than a full batch. */
  batches: number;
  durationMs: number;
  /** False when stop() ended the run before the expired rows ran out (the next start resumes). */
  complete: boolean;
}

export interface SnapshotRetention {
  /**
   * Deletes every snapshot older than `now` − retentionDays, batch by batch. Runs never overlap:
   * a call made while another run is going waits for it, then runs. After stop() it deletes nothing.
   */
  runOnce(now?: Date): Promise<RetentionRun>;
  /** Cancels the schedule and waits for a run in progress to finish its current batch. */
  stop(): Promise<void>;
}

/**
 * Seed 000's TTL on viewer snapshots: runs at start, then `intervalMs` after each run ends (so a
 * slow run delays the next instead of stacking on it).
 */
export function startSnapshotRetention(options: SnapshotRetentionOptions): SnapshotRetention {
  const { logger, retentionDays, intervalMs, batchSize } = options;
  const clock = options.clock ?? systemClock;
  const repository = createSnapshotRetentionRepository(options.prisma);

  async function deleteExpired(now: Date): Promise<RetentionRun> {
    const started = performance.now();
    const cutoff = new Date(now.getTime() - retentionDays * dayMs);
    let deleted = 0;
    let batches = 0;
    let complete = false;
    const summary = () => ({
      cutoff,
      deleted,
      batches,
      durationMs: Math.round(performance.now() - started),
      complete,
    });
    try {
      while (!job.stopping()) {
        const removed = await repository.deleteExpiredBatch(cutoff, batchSize);
        deleted += removed;
        batches += 1;
        if (removed < batchSize) {
          complete = true;
          break;
        }
        // Lets requests waiting on the event loop and the pool go ahead between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      logger.error({ err: error, ...summary(), retentionDays }, 'viewer snapshot retention failed');
      throw error;
    }
    const run = summary();
    logger.info({ ...run, retentionDays }, `deleted ${run.deleted} expired viewer snapshots`);
    return run;
  }

  const job = startRecurringJob({
    run: (now: Date) => deleteExpired(now),
    defaultArgs: () => [new Date(clock.now())] as [Date],
    intervalMs,
    clock,
    // Already logged by the run; the next interval tries again.
    onError: () => undefined,
  });

  return {
    runOnce: (now: Date = new Date(clock.now())) => job.runOnce(now),
    stop: () => job.stop(),
  };
}
