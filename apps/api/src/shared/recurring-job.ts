import type { Clock } from '@showfloor/server-kit';

export interface RecurringJob<A extends unknown[], T> {
  /** Runs now; runs never overlap (a call during a run waits for it). After stop() the job's loop should end early. */
  runOnce(...args: A): Promise<T>;
  /** True once stop() was called: long runs check it between batches. */
  stopping(): boolean;
  /** Cancels the schedule and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * A job that runs at start, then `intervalMs` after each run ends (so a slow run delays the next
 * instead of stacking on it). A failed run is `onError`'s to report; the next interval tries again.
 */
export function startRecurringJob<A extends unknown[], T>(options: {
  run: (...args: A) => Promise<T>;
  defaultArgs: () => A;
  intervalMs: number;
  clock: Clock;
  onError(error: unknown): void;
}): RecurringJob<A, T> {
  const { clock } = options;
  let stopping = false;
  let timer: unknown;
  let lastRun: Promise<unknown> = Promise.resolve();

  function runOnce(...args: A): Promise<T> {
    const run = lastRun.then(() => options.run(...args));
    lastRun = run.catch(() => undefined);
    return run;
  }

  function schedule(delayMs: number): void {
    timer = clock.setTimeout(() => {
      timer = undefined;
      runOnce(...options.defaultArgs())
        .catch((error: unknown) => options.onError(error))
        .finally(() => {
          if (!stopping) schedule(options.intervalMs);
        });
    }, delayMs);
  }
  schedule(0);

  return {
    runOnce,
    stopping: () => stopping,
    async stop() {
      stopping = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      await lastRun;
    },
  };
}
