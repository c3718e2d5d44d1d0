import { createLogger } from '@showfloor/server-kit';
import { describe, expect, it } from 'vitest';
import { createRankingCache } from './ranking-cache.ts';

const logger = createLogger({ name: 'ranking-cache-test', level: 'silent' });

describe('createRankingCache', () => {
  it('computes once for concurrent first reads, then serves the stale ranking while one recomputation runs', async () => {
    let now = 0;
    let computed = 0;
    let release: (() => void) | undefined;
    const cache = createRankingCache<number>({
      ttlMs: 1_000,
      clock: { now: () => now },
      logger,
      compute: async () => {
        computed += 1;
        if (computed > 1) await new Promise<void>((resolve) => (release = resolve));
        return computed;
      },
    });
    const [first, second] = await Promise.all([cache.get('k'), cache.get('k')]);
    expect([first.value, second.value, computed]).toEqual([1, 1, 1]);

    now = 1_500;
    // Stale: answered at once from the old ranking; a single recomputation starts behind it.
    expect((await cache.get('k')).value).toBe(1);
    expect((await cache.get('k')).value).toBe(1);
    expect(computed).toBe(2);
    release?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await cache.get('k')).value).toBe(2);
  });

  it('keeps the old ranking when a recomputation fails, and computes every time with ttl 0', async () => {
    let now = 0;
    let fail = false;
    const stale = createRankingCache<string>({
      ttlMs: 10,
      clock: { now: () => now },
      logger,
      compute: async () => {
        if (fail) throw new Error('database away');
        return 'ranking';
      },
    });
    await stale.get('k');
    fail = true;
    now = 20;
    expect((await stale.get('k')).value).toBe('ranking');

    let calls = 0;
    const uncached = createRankingCache<number>({
      ttlMs: 0,
      clock: { now: () => 0 },
      logger,
      compute: async () => ++calls,
    });
    await uncached.get('k');
    expect((await uncached.get('k')).value).toBe(2);
  });
});
