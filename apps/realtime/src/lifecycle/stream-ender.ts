import type { SessionTotals, SessionViewRecord } from '@showfloor/contracts';
import type { DeliveryOutbox } from '@showfloor/delivery';
import type { Clock, Logger } from '@showfloor/server-kit';
import type { LiveCountersBroadcaster } from '../broadcast/live-counters-broadcaster.ts';
import type { SnapshotSampler } from '../sampling/snapshot-sampler.ts';
import { type RealtimeServer, sessionRoom } from '../socket/socket-types.ts';
import type { CounterStore } from '../state/counter-store.ts';
import type { SessionFactsCache } from '../state/session-facts-cache.ts';
import { totalsOf } from './totals-checkpoints.ts';

export interface StreamEnderDeps {
  io: RealtimeServer;
  store: Pick<CounterStore, 'release'>;
  facts: Pick<SessionFactsCache, 'patch'>;
  sampler: Pick<SnapshotSampler, 'flushSession'>;
  views: Pick<DeliveryOutbox<SessionViewRecord>, 'enqueue' | 'whenDelivered'>;
  totals: Pick<DeliveryOutbox<SessionTotals>, 'enqueue' | 'whenDelivered'>;
  broadcaster: Pick<LiveCountersBroadcaster, 'finish'>;
  clock: Clock;
  nodeId: string;
  logger: Logger;
}

/** How long viewers' `stream-ended` waits for the final totals to reach the API, at most. */
const announceWaitMs = 3_000;

/** Resolves to whether everything a node sent for an ended stream reached the API within `timeoutMs`. */
export type UntilDelivered = (timeoutMs: number) => Promise<boolean>;

/**
 * Ends a stream on this node: the partial minute, every open view and the final totals go to the
 * outboxes (which retry until the API has them), viewers hear `stream-ended`, and the session's
 * memory is freed. Runs when the API says the stream ended, or when a tracked session is seen
 * ended; running twice is harmless. The answer tells a caller that must not return before the
 * figures are final (the API's end-stream) when the API has them.
 */
export function createStreamEnder(deps: StreamEnderDeps) {
  /** Takes the session out of the store and queues what it leaves; the keys to wait for, if any. */
  async function release(sessionId: string): Promise<{ viewIds: string[] } | undefined> {
    const released = await deps.store.release(sessionId, deps.clock.now());
    if (!released) return undefined;
    deps.views.enqueue(released.closedViews);
    deps.totals.enqueue([totalsOf(sessionId, released.counts, deps.nodeId, true)]);
    deps.logger.info(
      { sessionId, peakViewers: released.counts.peakViewers, totalViewers: released.counts.totalViewers },
      'stream ended: totals flushed',
    );
    return { viewIds: released.closedViews.map((view) => view.id) };
  }

  /** The room's sockets stop acting on the session (reactions, clicks and chat are refused from here). */
  function detachSockets(sessionId: string): void {
    for (const socketId of deps.io.sockets.adapter.rooms.get(sessionRoom(sessionId)) ?? []) {
      deps.io.sockets.sockets.get(socketId)?.data.sessions?.delete(sessionId);
    }
  }

  function announce(sessionId: string, options: { endedAt?: string; announced: boolean }): void {
    if (options.announced) return;
    const endedAt = options.endedAt ?? new Date(deps.clock.now()).toISOString();
    deps.io.to(sessionRoom(sessionId)).emit('stream-ended', { sessionId, status: 'ended', endedAt });
  }

  return {
    end(sessionId: string, options: { endedAt?: string; announced: boolean }): UntilDelivered {
      deps.facts.patch(sessionId, { status: 'ended' });
      deps.sampler.flushSession(sessionId);
      const released = (async () => {
        // The room hears the final click stats before the session leaves the store.
        await deps.broadcaster.finish(sessionId);
        detachSockets(sessionId);
        const queued = await release(sessionId);
        // Viewers hear the end once the API has this node's final totals (or after a short wait),
        // because what they do next is read the figures: before the totals arrive, a node that
        // never checkpointed the session is unknown to the API, which would call 0 final.
        // (The API's own broadcast announces, and waits in its route; only this node's announcement waits here.)
        if (queued && !options.announced) await deps.totals.whenDelivered([sessionId], announceWaitMs);
        announce(sessionId, options);
        return queued;
      })().catch((error: unknown) => {
        deps.logger.error({ err: error, sessionId }, 'stream ended but its counters could not be read');
        announce(sessionId, options);
        return 'unreadable' as const;
      });
      return async (timeoutMs) => {
        const queued = await released;
        if (queued === 'unreadable') return false;
        if (!queued) return true;
        const [views, totals] = await Promise.all([
          deps.views.whenDelivered(queued.viewIds, timeoutMs),
          deps.totals.whenDelivered([sessionId], timeoutMs),
        ]);
        return views && totals;
      };
    },
  };
}

export type StreamEnder = ReturnType<typeof createStreamEnder>;
