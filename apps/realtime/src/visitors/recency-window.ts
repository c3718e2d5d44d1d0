/**
 * Keys seen within the last `windowMs`, counted exactly. A Map keeps insertion order, and a key is
 * re-inserted whenever it is seen, so the stalest keys are always at the front: expiring is a walk
 * over the keys that just fell out, never over the whole window.
 */
export class RecencyWindow {
  private readonly seenAt = new Map<string, number>();
  /**
   * When the front key was seen, or earlier (touching or removing it leaves a newer front): no key
   * is older, so while the cutoff is before it nothing can expire. Every collector answer and spike
   * check reads a size; this spares each of them a walk that would stop at the front anyway.
   */
  private frontSeenAtOrBefore = Number.POSITIVE_INFINITY;

  constructor(private readonly windowMs: number) {}

  touch(key: string, at: number): void {
    this.seenAt.delete(key);
    if (this.seenAt.size === 0 || at < this.frontSeenAtOrBefore) this.frontSeenAtOrBefore = at;
    this.seenAt.set(key, at);
  }

  remove(key: string): void {
    this.seenAt.delete(key);
  }

  has(key: string, now: number): boolean {
    const at = this.seenAt.get(key);
    return at !== undefined && at > now - this.windowMs;
  }

  size(now: number): number {
    this.expire(now);
    return this.seenAt.size;
  }

  /** Keys still in the window, most recent first. */
  recentFirst(now: number): string[] {
    this.expire(now);
    return [...this.seenAt.keys()].reverse();
  }

  private expire(now: number): void {
    const cutoff = now - this.windowMs;
    if (this.frontSeenAtOrBefore > cutoff) return;
    this.frontSeenAtOrBefore = Number.POSITIVE_INFINITY;
    for (const [key, at] of this.seenAt) {
      if (at > cutoff) {
        this.frontSeenAtOrBefore = at;
        break;
      }
      this.seenAt.delete(key);
    }
  }
}
