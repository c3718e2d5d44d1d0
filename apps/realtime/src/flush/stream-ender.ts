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

/**
 * Ends a stream on this node: the partial minute, every open view and the final totals go to the
 * outboxes (which retry until the API has them), viewers hear `stream-ended`, and the session's
 * memory is freed. Runs when the API says the stream ended, or when a tracked session is seen
 * ended; running twice is harmless.
 */
export function createStreamEnder(deps: StreamEnderDeps) {
  return {
    end(sessionId: string, options: { endedAt?: string; announced: boolean }): void {
      deps.facts.patch(sessionId, { status: 'ended' });
      const session = deps.registry.remove(sessionId);
      if (session) {
        deps.sampler.flushSession(sessionId);
        deps.broadcaster.emitClickStats(sessionId);
        deps.broadcaster.forget(sessionId);
        deps.views.enqueue(session.closeAllViews(deps.clock.now()));
        deps.totals.enqueue([totalsOf(session, deps.nodeId, true)]);
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
    },

    /** Shutdown: every tracked session's totals as a checkpoint (the stream goes on elsewhere). */
    checkpointAll(): void {
      const checkpoints = [...deps.registry.all()].map((session) => totalsOf(session, deps.nodeId, false));
      if (checkpoints.length > 0) deps.totals.enqueue(checkpoints);
    },
  };
}

export type StreamEnder = ReturnType<typeof createStreamEnder>;
