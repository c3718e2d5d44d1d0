import type { Clock } from '@showfloor/server-kit';

/**
 * Coalesces bursts of "something changed" into at most one emit per key per interval, always
 * ending on the true value: the first change emits at once, changes inside the interval schedule
 * one trailing emit that reads the state when it fires. A request may stretch the interval (a
 * large room costs more per emit); the default is the constructor's.
 */
export class Coalescer {
  private readonly lastEmitAt = new Map<string, number>();
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  request(key: string, emit: () => void, intervalMs = this.intervalMs): void {
    if (this.pending.has(key)) return;
    const now = this.clock.now();
    const wait = (this.lastEmitAt.get(key) ?? Number.NEGATIVE_INFINITY) + intervalMs - now;
    if (wait <= 0) {
      this.lastEmitAt.set(key, now);
      emit();
      return;
    }
    const timer = this.clock.setTimeout(() => {
      this.pending.delete(key);
      this.lastEmitAt.set(key, this.clock.now());
      emit();
    }, wait);
    this.pending.set(key, timer);
  }

  /** Drops a key's pending emit and history (the session ended). */
  forget(key: string): void {
    const timer = this.pending.get(key);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.pending.delete(key);
    this.lastEmitAt.delete(key);
  }

  clear(): void {
    for (const key of [...this.pending.keys()]) this.forget(key);
  }
}
