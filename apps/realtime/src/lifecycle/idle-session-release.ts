import { isOnAir } from '@showfloor/contracts';
import type { LiveCountersBroadcaster } from '../broadcast/live-counters-broadcaster.ts';
import type { CounterStore } from '../state/counter-store.ts';
import type { SessionFactsCache } from '../state/session-facts-cache.ts';

/**
 * Frees a tracked session nobody is in while it is not on air (a waiting room everyone left), so
 * joining and leaving many scheduled sessions cannot make the node track and poll them forever.
 * Sessions on air stay tracked however empty: their counts belong to the stream.
 */
export function createIdleSessionRelease(deps: {
  store: Pick<CounterStore, 'releaseIfEmpty'>;
  facts: Pick<SessionFactsCache, 'peek' | 'forget'>;
  broadcaster: Pick<LiveCountersBroadcaster, 'forget'>;
}) {
  return async function releaseIfIdle(sessionId: string): Promise<boolean> {
    const status = deps.facts.peek(sessionId)?.status;
    if (status !== undefined && isOnAir(status)) return false;
    if (!(await deps.store.releaseIfEmpty(sessionId))) return false;
    deps.facts.forget(sessionId);
    deps.broadcaster.forget(sessionId);
    return true;
  };
}

export type IdleSessionRelease = ReturnType<typeof createIdleSessionRelease>;
