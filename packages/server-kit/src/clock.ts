/**
 * Time as a service sees it. Sampling, flushing, retries and scheduled jobs all go through a
 * Clock so tests can drive time by hand (ManualClock in @showfloor/testing) and never sleep.
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
