import { type GroupCommitStats, GroupCommitWriter } from '@showfloor/group-commit';
import type { Logger } from '@showfloor/server-kit';
import type { FeatureEventRow, FeatureEventsRepository } from './feature-events.repository.ts';
import { SpanMemory } from './span-memory.ts';

export interface FeatureEventWriterOptions {
  repository: Pick<FeatureEventsRepository, 'recordBatch' | 'insertOne'>;
  mode: 'batched' | 'per-row';
  maxBatchEvents: number;
  lingerMs: number;
  maxPendingEvents: number;
  commitDeadlineMs: number;
  connections: number;
  logger: Logger;
}

export interface FeatureEventWriter {
  /** Resolves once every event is committed (all of them, in one transaction); rejects with WriteRefusedError (503). */
  write(events: FeatureEventRow[]): Promise<void>;
  drain(): Promise<void>;
  stats(): GroupCommitStats;
}

/** Tracked events go through group commits; `per-row` (benchmark baseline only) writes each on its own. */
export function createFeatureEventWriter(options: FeatureEventWriterOptions): FeatureEventWriter {
  const { repository, logger } = options;
  const spans = new SpanMemory();
  const writer = new GroupCommitWriter<FeatureEventRow, undefined>({
    async commit(events, { timeoutMs }) {
      const plan = spans.plan(events);
      await repository.recordBatch(events, plan.changes, timeoutMs);
      plan.committed();
      return events.map(() => undefined);
    },
    maxBatchItems: options.maxBatchEvents,
    lingerMs: options.lingerMs,
    maxPendingItems: options.maxPendingEvents,
    deadlineMs: options.commitDeadlineMs,
    concurrency: options.connections,
    retryAfterSeconds: 1,
    onCommitFailed: (error, items) =>
      logger.warn({ err: error, events: items }, 'feature events not committed; refused with 503'),
  });
  return {
    async write(events) {
      if (options.mode === 'per-row' && events.length === 1) {
        await repository.insertOne(events[0] as FeatureEventRow);
        return;
      }
      await writer.submit(events);
    },
    drain: () => writer.drain(),
    stats: () => writer.stats(),
  };
}
