import { type Clock, type Logger, systemClock } from '@showfloor/server-kit';
import { startRecurringJob } from '../../shared/recurring-job.ts';
import type { NotificationsRepository } from './notifications.repository.ts';

export interface NotificationExpiryOptions {
  repository: Pick<NotificationsRepository, 'deleteExpired'>;
  logger: Logger;
  intervalMs: number;
  /** Rows per DELETE, so a large expiry never holds many locks or one long transaction. */
  batchSize: number;
  clock?: Clock;
}

/**
 * Deletes expired notifications in batches, at start and then `intervalMs` after each run. Reads
 * never show an expired one in the meantime: this job only gives the space back.
 */
export function startNotificationExpiry(options: NotificationExpiryOptions) {
  const { repository, logger } = options;
  const clock = options.clock ?? systemClock;

  async function expire(now: Date): Promise<number> {
    let deleted = 0;
    while (!job.stopping()) {
      const batch = await repository.deleteExpired(now, options.batchSize);
      deleted += batch;
      if (batch < options.batchSize) break;
    }
    if (deleted > 0) logger.info({ deleted }, 'deleted expired notifications');
    return deleted;
  }

  const job = startRecurringJob({
    run: (now: Date) => expire(now),
    defaultArgs: () => [new Date(clock.now())] as [Date],
    intervalMs: options.intervalMs,
    clock,
    onError: (error) => logger.error({ err: error }, 'notification expiry failed'),
  });

  return {
    runOnce: (now: Date = new Date(clock.now())) => job.runOnce(now),
    stop: () => job.stop(),
  };
}

export type NotificationExpiry = ReturnType<typeof startNotificationExpiry>;
