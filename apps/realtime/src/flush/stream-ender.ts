import type { SessionTotals, SessionViewRecord } from '@showfloor/contracts';
import type { Clock, Logger } from '@showfloor/server-kit';
import type { LiveCountersBroadcaster } from '../broadcast/live-counters-broadcaster.ts';
import { type RealtimeServer, sessionRoom } from '../socket/socket-types.ts';
import type { LiveSessionRegistry } from '../state/live-session-registry.ts';
import type { SessionFactsCache } from '../state/session-facts-cache.ts';
import type { DeliveryOutbox } from './delivery-outbox.ts';
import { totalsOf } from './session-totals.ts';
import type { SnapshotSampler } from './snapshot-sampler.ts';

export interface StreamEnderDeps {
  io: RealtimeServer;
  registry: LiveSessionRegistry;
  facts: SessionFactsCache;
  sampler: SnapshotSampler;
  views: DeliveryOutbox<SessionViewRecord>;
  totals: DeliveryOutbox<SessionTotals>;
  broadcaster: LiveCountersBroadcaster;
  clock: Clock;
  nodeId: string;
  logger: Logger;
}

/** Resolves to whether everything a node sent for an ended stream reached the API within `timeoutMs`. */
export type UntilDelivered = (timeoutMs: number) => Promise<boolean>;

const nothingToDeliver: UntilDelivered = async () => true;

/**
 * Ends a stream on this node: the partial minute, every open view and the final totals go to the
 * outboxes (which retry until the API has them), viewers hear `stream-ended`, and the session's
 * memory is freed. Runs when the API says the stream ended, or when a tracked session is seen
 * ended; running twice is harmless. The answer tells a caller that must not return before the
 * figures are final (the API's end-stream) when the API has them.
 */
export function createStreamEnder(deps: StreamEnderDeps) {
  return {
    end(sessionId: string, options: { endedAt?: string; announced: boolean }): UntilDelivered {
      deps.facts.patch(sessionId, { status: 'ended' });
      const session = deps.registry.remove(sessionId);
      let untilDelivered = nothingToDeliver;
      if (session) {
        deps.sampler.flushSession(sessionId);
        deps.broadcaster.emitClickStats(sessionId);
        deps.broadcaster.forget(sessionId);
        const closed = session.closeAllViews(deps.clock.now());
        deps.views.enqueue(closed);
        deps.totals.enqueue([totalsOf(session, deps.nodeId, true)]);
        untilDelivered = async (timeoutMs) => {
          const [views, totals] = await Promise.all([
            deps.views.whenDelivered(
              closed.map((view) => view.id),
              timeoutMs,
            ),
            deps.totals.whenDelivered([sessionId], timeoutMs),
          ]);
          return views && totals;
        };
        deps.logger.info(
          { sessionId, peakViewers: session.peakViewers, totalViewers: session.totalViewers },
          'stream ended: totals flushed',
        );
      }
      const room = sessionRoom(sessionId);
      if (!options.announced) {
        const endedAt = options.endedAt ?? new Date(deps.clock.now()).toISOString();
        deps.io.to(room).emit('stream-ended', { sessionId, status: 'ended', endedAt });
      }
      for (const socketId of deps.io.sockets.adapter.rooms.get(room) ?? []) {
        deps.io.sockets.sockets.get(socketId)?.data.sessions?.delete(sessionId);
      }
      return untilDelivered;
    },

    /** Shutdown: every tracked session's totals as a checkpoint (the stream goes on elsewhere). */
    checkpointAll(): void {
      const checkpoints = [...deps.registry.all()].map((session) => totalsOf(session, deps.nodeId, false));
      if (checkpoints.length > 0) deps.totals.enqueue(checkpoints);
    },
  };
}

export type StreamEnder = ReturnType<typeof createStreamEnder>;
