import type { SessionTotals } from '@showfloor/contracts';
import type { DeliveryOutbox } from '@showfloor/delivery';
import type { Clock, Logger } from '@showfloor/server-kit';
import type { CounterStore, ReportedCounts } from '../state/counter-store.ts';

/** This node's cumulative counts for a session, as the API stores them (replacing its earlier ones). */
export function totalsOf(sessionId: string, counts: ReportedCounts, nodeId: string, final: boolean): SessionTotals {
  return { sessionId, nodeId, final, ...counts };
}

/**
 * Checkpoints: this node's totals of every session it tracks, sent while the streams go on (on a
 * cadence, and at shutdown), so a successor under the same NODE_ID continues from them.
 */
export function createTotalsCheckpoints(deps: {
  store: Pick<CounterStore, 'sessionIds' | 'reportedCounts'>;
  totals: Pick<DeliveryOutbox<SessionTotals>, 'enqueue'>;
  nodeId: string;
  logger: Logger;
}) {
  return {
    /** Queues every tracked session's totals; never rejects (a store failure is logged, the next checkpoint tries again). */
    async checkpointAll(): Promise<void> {
      try {
        const checkpoints: SessionTotals[] = [];
        for (const sessionId of await deps.store.sessionIds()) {
          const counts = await deps.store.reportedCounts(sessionId);
          if (counts) checkpoints.push(totalsOf(sessionId, counts, deps.nodeId, false));
        }
        if (checkpoints.length > 0) deps.totals.enqueue(checkpoints);
      } catch (error) {
        deps.logger.warn({ err: error }, 'counters unavailable; checkpoint skipped');
      }
    },
  };
}

export type TotalsCheckpoints = ReturnType<typeof createTotalsCheckpoints>;

/**
 * Sends this node's totals of every session it tracks as a checkpoint on a cadence, so a node that
 * dies without a clean shutdown (killed, out of memory) loses at most one interval of counts: its
 * successor under the same NODE_ID continues from the last checkpoint. The totals outbox keeps only
 * the newest per session, and the API replaces this node's earlier report, so nothing adds up twice.
 */
export function checkpointTotalsPeriodically(options: {
  checkpoints: { checkpointAll(): void | Promise<void> };
  clock: Clock;
  intervalMs: number;
}): {
  stop(): void;
} {
  let timer: unknown;
  const tick = () => {
    void options.checkpoints.checkpointAll();
    timer = options.clock.setTimeout(tick, options.intervalMs);
  };
  timer = options.clock.setTimeout(tick, options.intervalMs);
  return {
    stop() {
      if (timer !== undefined) options.clock.clearTimeout(timer);
    },
  };
}
