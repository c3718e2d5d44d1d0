interface ScheduledTimer {
  id: number;
  dueAt: number;
  callback: () => void;
}

/**
 * A clock tests drive by hand: `advance(ms)` moves time forward and fires every timer that
 * falls due, in order, so a "minute" of sampling takes microseconds and no test sleeps.
 */
export class ManualClock {
  private current: number;
  private nextId = 1;
  private timers: ScheduledTimer[] = [];

  constructor(start: Date | number = Date.UTC(2026, 10, 23, 10, 0, 0)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.push({ id, dueAt: this.current + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Moves time forward by `ms`, firing due timers; yields between timers so async work can run. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      this.timers.sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.dueAt > target) break;
      this.timers.shift();
      this.current = next.dueAt;
      next.callback();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.current = target;
  }
}
