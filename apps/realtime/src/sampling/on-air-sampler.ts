import type { RealtimeConfig } from '@showfloor/config';
import { clusterSnapshotNodeId, isOnAir, type ViewerSnapshot } from '@showfloor/contracts';
import type { DeliveryOutbox } from '@showfloor/delivery';
import type { Clock, Logger } from '@showfloor/server-kit';
import type { CounterStore } from '../state/counter-store.ts';
import type { SessionFactsCache } from '../state/session-facts-cache.ts';
import { SnapshotSampler } from './snapshot-sampler.ts';

/**
 * The node's snapshot sampler (seed 000): every tracked session that is on air is sampled, its
 * minute snapshots go to the snapshots outbox. Waiting rooms of scheduled streams are not sampled.
 * Alone, a node reports its own viewers under its NODE_ID. In a cluster (REDIS_URL) the counts it
 * samples are the whole cluster's, so every node reports them under one id and the API keeps one
 * row a minute (the one with the most samples): the audience is reported once, never summed.
 */
export function createOnAirSampler(deps: {
  config: Pick<RealtimeConfig, 'SAMPLE_INTERVAL_MS' | 'SNAPSHOT_INTERVAL_MS' | 'NODE_ID' | 'REDIS_URL'>;
  store: Pick<CounterStore, 'sessionIds' | 'watchingNow'>;
  facts: Pick<SessionFactsCache, 'peek'>;
  snapshots: Pick<DeliveryOutbox<ViewerSnapshot>, 'enqueue'>;
  clock: Clock;
  logger: Logger;
}): SnapshotSampler {
  const { config, store, facts } = deps;
  return new SnapshotSampler({
    clock: deps.clock,
    sampleIntervalMs: config.SAMPLE_INTERVAL_MS,
    windowMs: config.SNAPSHOT_INTERVAL_MS,
    nodeId: config.REDIS_URL ? clusterSnapshotNodeId : config.NODE_ID,
    currentCounts: async () => {
      const onAir = (await store.sessionIds()).filter((sessionId) => {
        const status = facts.peek(sessionId)?.status;
        return status !== undefined && isOnAir(status);
      });
      return store.watchingNow(onAir);
    },
    onSnapshots: (items) => deps.snapshots.enqueue(items),
    logger: deps.logger,
  });
}
