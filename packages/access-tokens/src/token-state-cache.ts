import QuickLRU from 'quick-lru';

/**
 * The one message for a token whose login has ended (logout, a role or password change, a
 * deleted account): the API's 401 and the realtime service's refused handshake both say it.
 */
export const sessionEndedMessage =
  'Your session has ended (signed out, or your account changed); sign in again or refresh your token';

export interface TokenStateCacheOptions {
  /** How long an answer is reused; 0 asks every time. The bound on how stale a verdict can be. */
  ttlMs: number;
  maxEntries?: number;
}

/**
 * Short-lived, bounded memory of answers about tokens (a user's token version, whether a login
 * family is revoked, the API's verdict on a token), so that checking revocation on every request
 * costs a lookup only once per key per `ttlMs`. It keeps the pending load, so concurrent misses
 * for one key share one lookup; a failed load is forgotten, so the next caller asks again.
 * `evict` drops a key at once — a load already in flight when the change happened is dropped
 * with it, so the next caller reads the changed state.
 */
export class TokenStateCache<T> {
  private readonly entries: QuickLRU<string, Promise<T>> | undefined;

  constructor(options: TokenStateCacheOptions) {
    this.entries =
      options.ttlMs > 0 ? new QuickLRU({ maxSize: options.maxEntries ?? 10_000, maxAge: options.ttlMs }) : undefined;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.entries) return load();
    const cached = this.entries.get(key);
    if (cached) return cached;
    const pending = load();
    this.entries.set(key, pending);
    pending.catch(() => {
      if (this.entries?.peek(key) === pending) this.entries.delete(key);
    });
    return pending;
  }

  evict(key: string): void {
    this.entries?.delete(key);
  }
}
