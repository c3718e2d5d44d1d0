import { createHash } from 'node:crypto';
import QuickLRU from 'quick-lru';

/** An answer as it goes on the wire: serialized once, sent as it is to every reader. */
export interface PreparedJson {
  json: string;
  /** A strong validator of `json`, for If-None-Match. */
  etag: string;
}

export function prepareJson(value: unknown): PreparedJson {
  const json = JSON.stringify(value);
  return { json, etag: `"${createHash('sha1').update(json).digest('base64url')}"` };
}

/**
 * Public reads that a crowd repeats (a live room's detail and products: every viewer who opens the
 * page asks for the same answer at once), remembered for `ttlMs`. Concurrent misses share one load
 * (single flight), so 10,000 viewers arriving together cost one database read, not 10,000. Writes
 * forget what they change; a load that was already running when its key was forgotten is handed
 * to its waiters but never stored, so no answer older than the write outlives it here.
 *
 * Only answers that are the same for every reader belong here: anything private to a viewer (the
 * owner's stream key) is read fresh by the caller instead.
 */
export class PublicReadCache<V> {
  private readonly entries: QuickLRU<string, { value: V; expiresAt: number }>;
  private readonly inFlight = new Map<string, Promise<V>>();
  /** Bumped by every forget; a load stores its answer only if its key's generation did not move meanwhile. */
  private generation = 0;
  private readonly forgottenAt = new Map<string, number>();
  /** Every key's generation is at least this (forgetAll, or the map above cleared). */
  private floor = 0;
  private readonly now: () => number;

  constructor(private readonly options: { ttlMs: number; maxEntries: number; now?: () => number }) {
    this.entries = new QuickLRU({ maxSize: options.maxEntries });
    this.now = options.now ?? Date.now;
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.options.ttlMs <= 0) return load();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.value;
    const running = this.inFlight.get(key);
    if (running) return running;
    const startedAt = this.generationOf(key);
    const promise = load().then((value) => {
      if (this.generationOf(key) === startedAt)
        this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
      return value;
    });
    this.inFlight.set(key, promise);
    try {
      return await promise;
    } finally {
      if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
    }
  }

  /** `key` changed: its answer is read again, and a load already running for it is not kept. */
  forget(key: string): void {
    this.entries.delete(key);
    this.inFlight.delete(key);
    this.generation += 1;
    if (this.forgottenAt.size >= this.options.maxEntries) this.forgetAll();
    else this.forgottenAt.set(key, this.generation);
  }

  /** Something any answer may hold changed (a product, a creator's name): every answer is read again. */
  forgetAll(): void {
    this.entries.clear();
    this.inFlight.clear();
    this.generation += 1;
    this.floor = this.generation;
    this.forgottenAt.clear();
  }

  private generationOf(key: string): number {
    return Math.max(this.forgottenAt.get(key) ?? 0, this.floor);
  }
}
