import { describe, expect, it } from 'vitest';
import { FreshReadCoalescer } from './fresh-read-coalescer.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

describe('FreshReadCoalescer', () => {
  it('gives every reader a read that began after it arrived, with at most two reads for a crowd', async () => {
    const coalescer = new FreshReadCoalescer<number>();
    const reads: ReturnType<typeof deferred<number>>[] = [];
    const load = () => {
      const read = deferred<number>();
      reads.push(read);
      return read.promise;
    };
    const first = coalescer.get('room', load); // starts read 1
    const crowd = Array.from({ length: 100 }, () => coalescer.get('room', load)); // wait for read 2
    expect(reads.length).toBe(1);
    reads[0]?.resolve(1); // read 1 began before the crowd arrived: none of them may get it
    expect(await first).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reads.length).toBe(2);
    reads[1]?.resolve(2);
    expect(new Set(await Promise.all(crowd))).toEqual(new Set([2]));

    const later = coalescer.get('room', load); // nothing running: a read of its own at once
    expect(reads.length).toBe(3);
    reads[2]?.resolve(3);
    expect(await later).toBe(3);
  });

  it('starts the next read after a failed one, and hands the failure only to its own readers', async () => {
    const coalescer = new FreshReadCoalescer<string>();
    const failing = deferred<string>();
    const first = coalescer.get('k', () => failing.promise.then(() => Promise.reject(new Error('down'))));
    const second = coalescer.get('k', async () => 'up');
    failing.resolve('');
    await expect(first).rejects.toThrow('down');
    expect(await second).toBe('up');
  });
});
