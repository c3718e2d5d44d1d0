/**
 * Time as the realtime service sees it. Sampling, flushing and retries all schedule through a
 * Clock so tests can drive a "minute" by hand (see ManualClock in @showfloor/testing).
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    // Timers never keep the process alive on their own; servers and sockets do.
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
