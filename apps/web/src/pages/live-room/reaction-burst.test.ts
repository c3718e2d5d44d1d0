import { describe, expect, it } from 'vitest';
import { floatsForBurst, maxFloatsOnScreen, maxFloatsPerBurst, withFloats } from './reaction-burst.ts';

const counter = () => {
  let id = 0;
  return () => ++id;
};

describe('floating reactions', () => {
  it('floats one emoji for one reaction and a few, one after another, for a burst', () => {
    const nextId = counter();
    expect(floatsForBurst({ type: 'fire', count: 1 }, nextId)).toHaveLength(1);
    const burst = floatsForBurst({ type: 'clap', count: 300 }, nextId);
    expect(burst).toHaveLength(maxFloatsPerBurst);
    const delays = burst.map((float) => float.delay);
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(new Set(delays).size).toBe(maxFloatsPerBurst);
    expect(new Set(burst.map((float) => float.id)).size).toBe(maxFloatsPerBurst);
  });

  it('keeps only the newest on screen when bursts pile up', () => {
    const nextId = counter();
    let floating = floatsForBurst({ type: 'like', count: 5 }, nextId);
    for (let i = 0; i < 10; i += 1) floating = withFloats(floating, floatsForBurst({ type: 'wow', count: 5 }, nextId));
    expect(floating).toHaveLength(maxFloatsOnScreen);
    expect(floating.every((float) => float.type === 'wow')).toBe(true);
  });

  it('starts each emoji inside the stream', () => {
    const [low, high] = [0, 0.999].map((r) => floatsForBurst({ type: 'sad', count: 1 }, counter(), () => r)[0]?.left);
    expect(low).toBeGreaterThanOrEqual(10);
    expect(high).toBeLessThanOrEqual(90);
  });
});
