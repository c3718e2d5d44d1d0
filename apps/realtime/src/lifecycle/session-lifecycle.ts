import type { RealtimeConfig } from '@showfloor/config';
import type { Clock, Logger } from '@showfloor/server-kit';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';
import type { LiveCountersBroadcaster } from '../broadcast/live-counters-broadcaster.ts';
import type { RealtimeDelivery } from '../delivery/realtime-outboxes.ts';
import type { SnapshotSampler } from '../sampling/snapshot-sampler.ts';
import type { RealtimeServer } from '../socket/socket-types.ts';
import type { CounterStore } from '../state/counter-store.ts';
import type { SessionFactsCache } from '../state/session-facts-cache.ts';
import { createIdleSessionRelease } from './idle-session-release.ts';
import { createRoomEventEffects } from './room-event-effects.ts';
import { sessionOrigins } from './session-origins.ts';
import { SessionPickUp } from './session-pick-up.ts';
import { watchTrackedSessions } from './session-status-watcher.ts';
import { createStreamEnder } from './stream-ender.ts';
import { checkpointTotalsPeriodically, createTotalsCheckpoints } from './totals-checkpoints.ts';

export interface SessionLifecycleDeps {
  io: RealtimeServer;
  api: Pick<InternalApiClient, 'getSessionAudience'>;
  store: CounterStore;
  facts: SessionFactsCache;
  delivery: Pick<RealtimeDelivery, 'views' | 'clickers' | 'totals'>;
  sampler: Pick<SnapshotSampler, 'flushSession'>;
  broadcaster: Pick<LiveCountersBroadcaster, 'forget' | 'finish'>;
  config: Pick<RealtimeConfig, 'NODE_ID' | 'SESSION_FACTS_TTL_MS' | 'TOTALS_CHECKPOINT_MS'>;
  clock: Clock;
  logger: Logger;
}

/**
 * A session's life on this node: picked up into the counter store on its first join, kept in step
 * with the room events the API causes, watched for an end this node did not hear, checkpointed on
 * a cadence, released when it is an empty waiting room, and ended with its final totals.
 */
export function createSessionLifecycle(deps: SessionLifecycleDeps) {
  const { io, api, store, facts, delivery, sampler, broadcaster, config, clock, logger } = deps;
  const { views, clickers, totals } = delivery;
  const nodeId = config.NODE_ID;
  const pickUp = new SessionPickUp(nodeId, store, sessionOrigins({ api, views, clickers, totals, logger }));
  const streamEnder = createStreamEnder({
    io,
    store,
    facts,
    sampler,
    views,
    totals,
    broadcaster,
    clock,
    nodeId,
    logger: logger.child({ module: 'stream-ender' }),
  });
  const checkpoints = createTotalsCheckpoints({ store, totals, nodeId, logger });
  const releaseIfIdle = createIdleSessionRelease({ store, facts, broadcaster });
  const applyRoomEvent = createRoomEventEffects({ facts, streamEnder });
  let running: Array<{ stop(): void }> = [];

  return {
    pickUp,
    streamEnder,
    releaseIfIdle,
    applyRoomEvent,
    /** Begins watching tracked sessions' status and checkpointing their totals. */
    start(): void {
      running = [
        watchTrackedSessions({
          store,
          facts,
          streamEnder,
          releaseIfIdle,
          clock,
          intervalMs: config.SESSION_FACTS_TTL_MS,
          logger,
        }),
        checkpointTotalsPeriodically({ checkpoints, clock, intervalMs: config.TOTALS_CHECKPOINT_MS }),
      ];
    },
    stop(): void {
      for (const timer of running.splice(0)) timer.stop();
    },
    /**
     * Shutdown, before any socket is closed (so no client can delay it): every open view closed
     * and every session's totals checkpointed into the outboxes; the streams go on elsewhere.
     */
    async handOver(): Promise<void> {
      const now = clock.now();
      for (const sessionId of await store.sessionIds()) {
        const closed = await store.closeAllViews(sessionId, now);
        if (closed.length > 0) views.enqueue(closed);
      }
      await checkpoints.checkpointAll();
    },
  };
}

export type SessionLifecycle = ReturnType<typeof createSessionLifecycle>;
