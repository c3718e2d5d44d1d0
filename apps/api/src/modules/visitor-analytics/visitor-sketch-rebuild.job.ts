import { type Clock, type Logger, systemClock } from '@showfloor/server-kit';
import { startRecurringJob } from '../../shared/recurring-job.ts';
import type { VisitorEventsRepository } from './visitor-events.repository.ts';

export interface VisitorSketchRebuildOptions {
  repository: Pick<VisitorEventsRepository, 'rebuildStaleSketches'>;
  logger: Logger;
  /** VISITOR_SKETCH_REBUILD_MS. */
  intervalMs: number;
  /** Cells a transaction (one scan of their quarters; the cells are locked only for the updates). */
  batchSize: number;
  clock?: Clock;
}

/**
 * A breakdown sketch cannot forget a visitor, so a cell a later batch moved pageviews out of (a
 * visit's exit page changed) is rebuilt from its pageviews. The write only marks it, in its own
 * transaction (rebuilding there cost most of a live batch); this job rebuilds the marked cells at
 * start, then `intervalMs` after each run ends (migration 20261203153000_visitor_sketch_rebuilds:
 * a cell a write changed during the rebuild stays marked, and a quarter that ended less than a
 * minute ago waits). Sums never wait for it: only a moved visitor may still count in its old
 * value's estimate until its quarter is rebuilt.
 */
export function startVisitorSketchRebuild(options: VisitorSketchRebuildOptions) {
  const { repository, logger } = options;
  const clock = options.clock ?? systemClock;

  async function rebuild(): Promise<number> {
    let rebuilt = 0;
    while (!job.stopping()) {
      const cleared = await repository.rebuildStaleSketches(options.batchSize);
      rebuilt += cleared;
      if (cleared < options.batchSize) break;
    }
    if (rebuilt > 0) logger.debug({ rebuilt }, 'rebuilt visitor breakdown sketches');
    return rebuilt;
  }

  const job = startRecurringJob({
    run: () => rebuild(),
    defaultArgs: () => [] as [],
    intervalMs: options.intervalMs,
    clock,
    onError: (error) => logger.error({ err: error }, 'visitor sketch rebuild failed'),
  });

  return {
    /** Rebuilds every marked cell now (after a run in progress); the number rebuilt. */
    runOnce: () => job.runOnce(),
    stop: () => job.stop(),
  };
}

export type VisitorSketchRebuild = ReturnType<typeof startVisitorSketchRebuild>;
