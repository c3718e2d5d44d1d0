import type { Clock } from '@showfloor/server-kit';
import type { StreamEnder } from './stream-ender.ts';

/**
 * Sends this node's totals of every session it tracks as a checkpoint on a cadence, so a node that
 * dies without a clean shutdown (killed, out of memory) loses at most one interval of counts: its
 * successor under the same NODE_ID continues from the last checkpoint. The totals outbox keeps only
 * the newest per session, and the API replaces this node's earlier report, so nothing adds up twice.
 */
export function checkpointTotalsPeriodically(options: {
  streamEnder: Pick<StreamEnder, 'checkpointAll'>;
  clock: Clock;
  intervalMs: number;
}): {
  stop(): void;
} {
  let timer: unknown;
  const tick = () => {
    options.streamEnder.checkpointAll();
    timer = options.clock.setTimeout(tick, options.intervalMs);
  };
  timer = options.clock.setTimeout(tick, options.intervalMs);
  return {
    stop() {
      if (timer !== undefined) options.clock.clearTimeout(timer);
    },
  };
}
