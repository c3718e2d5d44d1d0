/** What a key beyond the cap is counted as. */
export const otherKey = '(other)';

/**
 * Counts by key (pages, referrers, countries…) with a bound on distinct keys: a site with endless
 * URLs, or a client making them up, cannot grow memory. Keys beyond the cap count as `(other)`.
 */
export class CappedCounts {
  private readonly counts = new Map<string, number>();

  constructor(private readonly maxKeys = 1_000) {}

  add(key: string, by = 1): void {
    const counted = this.counts.has(key) || this.counts.size < this.maxKeys ? key : otherKey;
    this.counts.set(counted, (this.counts.get(counted) ?? 0) + by);
  }

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  entries(): IterableIterator<[string, number]> {
    return this.counts.entries();
  }

  /** Adds these counts into `into` (a plain record), only `onlyKey` when given. */
  mergeInto(into: Record<string, number>, onlyKey?: string): void {
    if (onlyKey !== undefined) {
      const count = this.counts.get(onlyKey);
      if (count) into[onlyKey] = (into[onlyKey] ?? 0) + count;
      return;
    }
    for (const [key, count] of this.counts) into[key] = (into[key] ?? 0) + count;
  }
}

/** A record sorted by count, largest first, the top `limit` kept. */
export function topCounts(counts: Record<string, number>, limit = 100): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit),
  );
}
