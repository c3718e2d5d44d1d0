import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { trailingThrottle } from './trailing-throttle.ts';

describe('the trailing throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('re-reads at once, then folds a burst into one more read per interval', () => {
    const run = vi.fn();
    const throttle = trailingThrottle(run, 1_000);
    throttle.request();
    expect(run).toHaveBeenCalledTimes(1);
    for (let update = 0; update < 50; update += 1) {
      vi.advanceTimersByTime(10);
      throttle.request();
    }
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('runs nothing more once cancelled', () => {
    const run = vi.fn();
    const throttle = trailingThrottle(run, 1_000);
    throttle.request();
    throttle.request();
    throttle.cancel();
    vi.advanceTimersByTime(5_000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
