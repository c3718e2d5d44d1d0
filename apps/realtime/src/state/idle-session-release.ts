import { isOnAir } from '@showfloor/contracts';
import type { LiveCountersBroadcaster } from '../broadcast/live-counters-broadcaster.ts';
import type { LiveSessionRegistry } from './live-session-registry.ts';
import type { SessionFactsCache } from './session-facts-cache.ts';

/**
 * Frees a tracked session nobody is in while it is not on air (a waiting room everyone left), so
 * joining and leaving many scheduled sessions cannot make the node track and poll them forever.
 * Sessions on air stay tracked however empty: their counts belong to the stream.
 */
export function createIdleSessionRelease(deps: {
  registry: LiveSessionRegistry;
  facts: SessionFactsCache;
  broadcaster: LiveCountersBroadcaster;
}) {
  return function releaseIfIdle(sessionId: string): boolean {
    const session = deps.registry.get(sessionId);
    const status = deps.facts.peek(sessionId)?.status;
    if (!session || session.hasViewers || (status !== undefined && isOnAir(status))) return false;
    deps.registry.remove(sessionId);
    deps.facts.forget(sessionId);
    deps.broadcaster.forget(sessionId);
    return true;
  };
}

export type IdleSessionRelease = ReturnType<typeof createIdleSessionRelease>;
