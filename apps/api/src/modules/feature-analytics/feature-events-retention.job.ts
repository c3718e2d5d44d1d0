import { type Clock, type Logger, systemClock } from '@showfloor/server-kit';
import { startRecurringJob } from '../../shared/recurring-job.ts';
import { addDays, dateIn } from './analytics-range.ts';
import type { FeatureEventsRepository } from './feature-events.repository.ts';

export interface FeatureEventsRetentionOptions {
  repository: Pick<FeatureEventsRepository, 'partitionsBefore' | 'dropPartition' | 'deleteRollupsBefore'>;
  logger: Logger;
  /** FEATURE_EVENTS_RETENTION_DAYS: raw events older than this are dropped, a day's partition at a time. */
  eventRetentionDays: number;
  /** Rollups are kept this long (they are what GET /api/analytics reads), at least as long as the events. */
  rollupRetentionDays: number;
  intervalMs: number;
  batchSize: number;
  clock?: Clock;
}

export interface FeatureEventsRetentionRun {
  droppedPartitions: string[];
  deletedRollupRows: number;
}

/**
 * Runs at start, then `intervalMs` after each run ends. A day's partition goes once its whole day
 * is older than the retention; rollups, far smaller, are kept for `rollupRetentionDays`.
 */
export function startFeatureEventsRetention(options: FeatureEventsRetentionOptions) {
  const { repository, logger } = options;
  const clock = options.clock ?? systemClock;

  async function expire(now: Date): Promise<FeatureEventsRetentionRun> {
    const today = dateIn(now, 'UTC');
    const droppedPartitions: string[] = [];
    for (const partition of await repository.partitionsBefore(addDays(today, -options.eventRetentionDays))) {
      if (job.stopping()) break;
      await repository.dropPartition(partition);
      droppedPartitions.push(partition);
    }
    let deletedRollupRows = 0;
    const rollupCutoff = addDays(today, -Math.max(options.rollupRetentionDays, options.eventRetentionDays));
    while (!job.stopping()) {
      const deleted = await repository.deleteRollupsBefore(rollupCutoff, options.batchSize);
      deletedRollupRows += deleted;
      if (deleted === 0) break;
    }
    if (droppedPartitions.length > 0 || deletedRollupRows > 0) {
      logger.info({ droppedPartitions, deletedRollupRows }, 'expired feature events');
    }
    return { droppedPartitions, deletedRollupRows };
  }

  const job = startRecurringJob({
    run: (now: Date) => expire(now),
    defaultArgs: () => [new Date(clock.now())] as [Date],
    intervalMs: options.intervalMs,
    clock,
    onError: (error) => logger.error({ err: error }, 'feature event retention failed'),
  });

  return {
    runOnce: (now: Date = new Date(clock.now())) => job.runOnce(now),
    stop: () => job.stop(),
  };
}

export type FeatureEventsRetention = ReturnType<typeof startFeatureEventsRetention>;
