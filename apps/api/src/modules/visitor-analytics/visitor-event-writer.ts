import { type GroupCommitStats, GroupCommitWriter } from '@showfloor/group-commit';
import type { Logger } from '@showfloor/server-kit';
import type { VisitorEventRow, VisitorEventsRepository } from './visitor-events.repository.ts';

export interface VisitorEventWriterOptions {
  repository: Pick<VisitorEventsRepository, 'recordBatch'>;
  maxBatchEvents: number;
  lingerMs: number;
  maxPendingEvents: number;
  commitDeadlineMs: number;
  logger: Logger;
}

export interface VisitorEventWriter {
  /** Resolves once every event is committed, true for each stored now (false: stored before); rejects with WriteRefusedError (503). */
  write(events: VisitorEventRow[]): Promise<boolean[]>;
  drain(): Promise<void>;
  stats(): GroupCommitStats;
}

/**
 * Batches from the realtime nodes share group commits. One connection: concurrent commits would
 * upsert the same sessions and wait on each other's row locks anyway.
 */
export function createVisitorEventWriter(options: VisitorEventWriterOptions): VisitorEventWriter {
  const writer = new GroupCommitWriter<VisitorEventRow, boolean>({
    async commit(events, { timeoutMs }) {
      const stored = await options.repository.recordBatch(events, timeoutMs);
      // The same id twice in one commit (a redelivery racing its original): stored once, counted once.
      return events.map((event) => stored.delete(event.id));
    },
    maxBatchItems: options.maxBatchEvents,
    lingerMs: options.lingerMs,
    maxPendingItems: options.maxPendingEvents,
    deadlineMs: options.commitDeadlineMs,
    concurrency: 1,
    retryAfterSeconds: 1,
    onCommitFailed: (error, items) =>
      options.logger.warn({ err: error, events: items }, 'visitor events not committed; refused with 503'),
  });
  return {
    write: (events) => writer.submit(events),
    drain: () => writer.drain(),
    stats: () => writer.stats(),
  };
}
