import { ManualClock } from '@showfloor/testing';
import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalescer.ts';

describe('Coalescer', () => {
  it('emits the first change at once, then one trailing emit per interval with the latest value', async () => {
    const clock = new ManualClock(0);
    const coalescer = new Coalescer(clock, 250);
    let value = 0;
    const emitted: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      value += 1;
      coalescer.request('room', () => emitted.push(value));
    }
    expect(emitted).toEqual([1]);
    await clock.advance(250);
    expect(emitted).toEqual([1, 1_000]);
    await clock.advance(1_000);
    expect(emitted).toEqual([1, 1_000]);
  });

  it('honours a longer interval given with the request', async () => {
    const clock = new ManualClock(0);
    const coalescer = new Coalescer(clock, 250);
    const emitted: number[] = [];
    coalescer.request('room', () => emitted.push(clock.now()), 1_000);
    coalescer.request('room', () => emitted.push(clock.now()), 1_000);
    await clock.advance(250);
    expect(emitted).toEqual([0]);
    await clock.advance(750);
    expect(emitted).toEqual([0, 1_000]);
  });

  it('keeps keys independent', () => {
    const coalescer = new Coalescer(new ManualClock(0), 250);
    const emitted: string[] = [];
    coalescer.request('a', () => emitted.push('a'));
    coalescer.request('b', () => emitted.push('b'));
    expect(emitted).toEqual(['a', 'b']);
  });
});
