import { describe, expect, it } from 'vitest';
import { PublicReadCache } from './public-read-cache.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

describe('PublicReadCache', () => {
  it('answers a crowd of concurrent misses with one load, then from memory until the TTL', async () => {
    let now = 0;
    const cache = new PublicReadCache<string>({ ttlMs: 1_000, maxEntries: 10, now: () => now });
    let loads = 0;
    const gate = deferred<string>();
    const crowd = Array.from({ length: 100 }, () =>
      cache.get('room', () => {
        loads += 1;
        return gate.promise;
      }),
    );
    gate.resolve('v1');
    expect(await Promise.all(crowd)).toEqual(Array(100).fill('v1'));
    expect(loads).toBe(1);

    now = 999;
    expect(await cache.get('room', async () => 'v2')).toBe('v1');
    now = 1_001;
    expect(await cache.get('room', async () => 'v2')).toBe('v2');
  });

  it('never keeps an answer whose load began before the key was forgotten (a write meanwhile)', async () => {
    const cache = new PublicReadCache<string>({ ttlMs: 60_000, maxEntries: 10 });
    const before = deferred<string>();
    const stale = cache.get('room', () => before.promise);
    cache.forget('room'); // the write commits while the read of the old row is on its way
    before.resolve('old');
    expect(await stale).toBe('old'); // its waiters get what was read…
    expect(await cache.get('room', async () => 'new')).toBe('new'); // …but the next reader reads again

    const beforeAll = deferred<string>();
    const staleToo = cache.get('other', () => beforeAll.promise);
    cache.forgetAll();
    beforeAll.resolve('old');
    await staleToo;
    expect(await cache.get('other', async () => 'new')).toBe('new');
  });

  it('keeps nothing that failed, and reads every time with a TTL of 0', async () => {
    const cache = new PublicReadCache<string>({ ttlMs: 60_000, maxEntries: 10 });
    await expect(cache.get('gone', async () => Promise.reject(new Error('404')))).rejects.toThrow('404');
    expect(await cache.get('gone', async () => 'back')).toBe('back');

    const off = new PublicReadCache<number>({ ttlMs: 0, maxEntries: 10 });
    let loads = 0;
    await off.get('k', async () => ++loads);
    await off.get('k', async () => ++loads);
    expect(loads).toBe(2);
  });
});
