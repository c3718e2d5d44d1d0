import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenStateCache } from '../src/index.ts';

/** A load the test settles by hand, counting how often it was asked. */
function controlledLoad<T>() {
  const calls: { resolve(value: T): void; reject(error: Error): void }[] = [];
  return {
    calls,
    load: () => new Promise<T>((resolve, reject) => calls.push({ resolve, reject })),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('TokenStateCache', () => {
  it('answers from memory within its TTL and asks again after it', async () => {
    vi.useFakeTimers();
    const cache = new TokenStateCache<number>({ ttlMs: 1_000 });
    let version = 0;
    const load = async () => version;
    expect(await cache.get('user', load)).toBe(0);
    version = 1;
    vi.advanceTimersByTime(999);
    expect(await cache.get('user', load)).toBe(0);
    vi.advanceTimersByTime(2);
    expect(await cache.get('user', load)).toBe(1);
  });

  it('shares one lookup between concurrent misses for a key', async () => {
    const cache = new TokenStateCache<string>({ ttlMs: 60_000 });
    const { calls, load } = controlledLoad<string>();
    const both = Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect(calls).toHaveLength(1);
    calls[0]?.resolve('v');
    expect(await both).toEqual(['v', 'v']);
  });

  it('evict drops the answer at once, a lookup still in flight included', async () => {
    const cache = new TokenStateCache<number>({ ttlMs: 60_000 });
    const { calls, load } = controlledLoad<number>();
    const early = cache.get('user', load);
    cache.evict('user'); // the change commits while the first lookup is still reading the old state
    const late = cache.get('user', load);
    calls[0]?.resolve(0);
    calls[1]?.resolve(1);
    expect(await early).toBe(0);
    expect(await late).toBe(1);
    expect(await cache.get('user', load)).toBe(1);
    expect(calls).toHaveLength(2);
  });

  it('forgets a failed lookup, so the next caller asks again', async () => {
    const cache = new TokenStateCache<number>({ ttlMs: 60_000 });
    const { calls, load } = controlledLoad<number>();
    const failed = cache.get('user', load);
    calls[0]?.reject(new Error('database down'));
    await expect(failed).rejects.toThrow('database down');
    const retried = cache.get('user', load);
    calls[1]?.resolve(4);
    expect(await retried).toBe(4);
  });

  it('with a TTL of 0 asks every time', async () => {
    const cache = new TokenStateCache<number>({ ttlMs: 0 });
    let calls = 0;
    const load = async () => ++calls;
    await cache.get('user', load);
    expect(await cache.get('user', load)).toBe(2);
  });
});
