import { type Clock, type Logger, systemClock } from '@showfloor/server-kit';
import { startRecurringJob } from '../../shared/recurring-job.ts';
import type { VisitorEventsRepository } from './visitor-events.repository.ts';

export interface VisitorEventsRetentionOptions {
  repository: Pick<
    VisitorEventsRepository,
    'partitionsBefore' | 'dropPartition' | 'deleteSessionsBefore' | 'deleteRollupsBefore'
  >;
  logger: Logger;
  /** VISITOR_EVENTS_RETENTION_DAYS: events older than this go a day's partition at a time, sessions and rollups with them. */
  retentionDays: number;
  intervalMs: number;
  batchSize: number;
  clock?: Clock;
}

export interface VisitorEventsRetentionRun {
  droppedPartitions: string[];
  deletedSessions: number;
  /** Rollup rows (minutes, quarter hours, hours, day bitmaps) of the expired days. */
  deletedRollupRows: number;
}

const dayMs = 86_400_000;

/**
 * Runs at start, then `intervalMs` after each run ends. A day's partition goes once its whole UTC
 * day is older than the retention; sessions that ended before the same cutoff go in batches (a
 * session's figures need its events for the `page` filter, so they are kept exactly as long), and
 * the rollup rows of the same days.
 */
export function startVisitorEventsRetention(options: VisitorEventsRetentionOptions) {
  const { repository, logger } = options;
  const clock = options.clock ?? systemClock;

  async function expire(now: Date): Promise<VisitorEventsRetentionRun> {
    const today = Math.floor(now.getTime() / dayMs) * dayMs;
    const cutoff = new Date(today - options.retentionDays * dayMs).toISOString().slice(0, 10);
    const droppedPartitions: string[] = [];
    for (const partition of await repository.partitionsBefore(cutoff)) {
      if (job.stopping()) break;
      await repository.dropPartition(partition);
      droppedPartitions.push(partition);
    }
    let deletedSessions = 0;
    while (!job.stopping()) {
      const deleted = await repository.deleteSessionsBefore(cutoff, options.batchSize);
      deletedSessions += deleted;
      if (deleted === 0) break;
    }
    // The rollups go with their days, so a read before the cutoff finds nothing either way.
    const deletedRollupRows = job.stopping() ? 0 : await repository.deleteRollupsBefore(cutoff);
    if (droppedPartitions.length > 0 || deletedSessions > 0 || deletedRollupRows > 0) {
      logger.info({ droppedPartitions, deletedSessions, deletedRollupRows }, 'expired visitor events');
    }
    return { droppedPartitions, deletedSessions, deletedRollupRows };
  }

  const job = startRecurringJob({
    run: (now: Date) => expire(now),
    defaultArgs: () => [new Date(clock.now())] as [Date],
    intervalMs: options.intervalMs,
    clock,
    onError: (error) => logger.error({ err: error }, 'visitor event retention failed'),
  });

  return {
    runOnce: (now: Date = new Date(clock.now())) => job.runOnce(now),
    stop: () => job.stop(),
  };
}

export type VisitorEventsRetention = ReturnType<typeof startVisitorEventsRetention>;
