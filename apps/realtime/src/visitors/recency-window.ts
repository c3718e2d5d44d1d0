/**
 * Keys seen within the last `windowMs`, counted exactly. A Map keeps insertion order, and a key is
 * re-inserted whenever it is seen, so the stalest keys are always at the front: expiring is a walk
 * over the keys that just fell out, never over the whole window.
 */
export class RecencyWindow {
  private readonly seenAt = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  touch(key: string, at: number): void {
    this.seenAt.delete(key);
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
    for (const [key, at] of this.seenAt) {
      if (at > cutoff) break;
      this.seenAt.delete(key);
    }
  }
}
