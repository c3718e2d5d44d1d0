/**
 * Runs `run` at once on the first request, then at most once per `waitMs`: requests in between
 * are folded into one trailing run, so a burst of live updates costs one re-read, not one each.
 */
export function trailingThrottle(
  run: () => void,
  waitMs: number,
  timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> = globalThis,
) {
  let lastRun = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    timer = undefined;
    lastRun = Date.now();
    run();
  };
  return {
    request(): void {
      if (timer !== undefined) return;
      const wait = lastRun + waitMs - Date.now();
      if (wait <= 0) fire();
      else timer = timers.setTimeout(fire, wait);
    },
    cancel(): void {
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
    },
  };
}
