import { trackBackdateLimitHours } from '@showfloor/contracts';
import QuickLRU from 'quick-lru';

/*
 * Remembers answers about UTC days no event can reach any more. An event may be dated up to
 * 72 hours back (trackBackdateLimitHours), and may wait up to a commit deadline in the writer, so a
 * day is closed once 72 h and an hour have passed since its end: what was computed from it then
 * stays true. Open days are never cached, so a new event is always counted at once. Retention
 * deleting a day's rollups is the one change a closed day sees: entries are forgotten after an hour,
 * so an answer about deleted days outlives them by an hour at most.
 */

const hourMs = 3_600_000;
const dayMs = 86_400_000;

export function isClosedDay(day: string, now: number): boolean {
  return Date.parse(`${day}T00:00:00Z`) + dayMs + (trackBackdateLimitHours + 1) * hourMs <= now;
}

export class ClosedDayCache<T> {
  private readonly entries: QuickLRU<string, Promise<T>>;

  constructor(
    maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new QuickLRU({ maxSize: maxEntries, maxAge: hourMs });
  }

  /** `load()`'s answer, reused for later calls with the same key when `day` is closed. */
  get(day: string, key: string, load: () => Promise<T>): Promise<T> {
    if (!isClosedDay(day, this.now())) return load();
    const cached = this.entries.get(key);
    if (cached) return cached;
    const pending = load();
    this.entries.set(key, pending);
    pending.catch(() => {
      if (this.entries.peek(key) === pending) this.entries.delete(key);
    });
    return pending;
  }
}
