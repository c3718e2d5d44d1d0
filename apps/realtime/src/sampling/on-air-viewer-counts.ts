import { isOnAir } from '@showfloor/contracts';
import type { CounterStore } from '../state/counter-store.ts';
import type { SessionFactsCache } from '../state/session-facts-cache.ts';

/**
 * What the sampler samples: the viewer counts of every tracked session that is on air. Waiting
 * rooms of scheduled streams are not sampled.
 */
export function onAirViewerCounts(deps: {
  store: Pick<CounterStore, 'sessionIds' | 'watchingNow'>;
  facts: Pick<SessionFactsCache, 'peek'>;
}): () => Promise<Map<string, number>> {
  return async () => {
    const onAir = (await deps.store.sessionIds()).filter((sessionId) => {
      const status = deps.facts.peek(sessionId)?.status;
      return status !== undefined && isOnAir(status);
    });
    return deps.store.watchingNow(onAir);
  };
}
