import type { Clock, Logger } from '@showfloor/server-kit';

interface Entry<V> {
  value: V;
  computedAt: number;
}

/**
 * Rankings reused for `ttlMs`: ranking every user is one aggregate over all views (hundreds of
 * milliseconds at 2 M views), while a page and the caller's own place are lookups in the result.
 * Once an entry is older than `ttlMs` the next read still answers from it and recomputes in the
 * background (one computation per key at a time), so no reader waits after the first; a failed
 * recomputation keeps the old ranking and is logged. `ttlMs` 0 computes on every read.
 */
export function createRankingCache<V>(deps: {
  ttlMs: number;
  clock: Pick<Clock, 'now'>;
  compute: (key: string) => Promise<V>;
  logger: Logger;
}) {
  const entries = new Map<string, Entry<V>>();
  const inFlight = new Map<string, Promise<Entry<V>>>();

  function refresh(key: string): Promise<Entry<V>> {
    const running = inFlight.get(key);
    if (running) return running;
    const startedAt = deps.clock.now();
    const next = deps
      .compute(key)
      .then((value) => {
        const entry = { value, computedAt: startedAt };
        entries.set(key, entry);
        return entry;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, next);
    return next;
  }

  return {
    async get(key: string): Promise<Entry<V>> {
      if (deps.ttlMs === 0) return { value: await deps.compute(key), computedAt: deps.clock.now() };
      const entry = entries.get(key);
      if (!entry) return refresh(key);
      if (deps.clock.now() - entry.computedAt >= deps.ttlMs && !inFlight.has(key)) {
        refresh(key).catch((error: unknown) =>
          deps.logger.warn({ err: error, key }, 'could not recompute a ranking; the previous one is served'),
        );
      }
      return entry;
    },
  };
}
