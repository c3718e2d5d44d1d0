import { describe, expect, it } from 'vitest';
import { RecencyWindow } from './recency-window.ts';

describe('RecencyWindow', () => {
  it('counts keys seen within the window, however they were touched, removed or re-seen since', () => {
    const window = new RecencyWindow(1_000);
    window.touch('a', 0);
    window.touch('b', 100);
    window.touch('c', 200);
    expect(window.size(999)).toBe(3);
    // `a` falls out at 1,000; seen again at 1,050, it is back at the end.
    expect(window.size(1_000)).toBe(2);
    window.touch('a', 1_050);
    // The front (`b`, seen at 100) is re-seen: the next stalest, `c`, must still expire on time.
    window.touch('b', 1_100);
    expect(window.size(1_199)).toBe(3);
    expect(window.size(1_200)).toBe(2);
    expect(window.recentFirst(1_200)).toEqual(['b', 'a']);
    window.remove('a');
    expect(window.size(1_200)).toBe(1);
    expect(window.size(2_100)).toBe(0);
    // Empty, then seen again: counted from that moment.
    window.touch('d', 5_000);
    expect(window.size(5_999)).toBe(1);
    expect(window.size(6_000)).toBe(0);
  });

  it('expires the front once its key is removed and the next one is stale', () => {
    const window = new RecencyWindow(1_000);
    window.touch('a', 500);
    window.touch('b', 600);
    expect(window.size(1_000)).toBe(2);
    window.remove('a');
    expect(window.size(1_599)).toBe(1);
    expect(window.size(1_600)).toBe(0);
    expect(window.has('b', 1_600)).toBe(false);
  });
});
