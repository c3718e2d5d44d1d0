import { RateLimitedError } from '@showfloor/contracts';

/**
 * At most `maxMessages` per `windowMs` per key (a user id), as a sliding window: each key keeps
 * the send times of its last `maxMessages` messages, so a burst at a window's edge cannot double
 * the rate the way fixed windows allow. In memory, per API instance; REST and socket chat share
 * one instance through the chat service, so switching transport does not reset a user's budget.
 */
export class ChatRateLimiter {
  private readonly sends = new Map<string, number[]>();

  constructor(
    private readonly maxMessages: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records one message for `key`, or throws RateLimitedError with the whole seconds until a slot
   * frees. Synchronous, so two concurrent sends can never both take the last slot.
   */
  take(key: string): void {
    const now = this.now();
    this.sweep(now);
    const recent = (this.sends.get(key) ?? []).filter((sentAt) => sentAt > now - this.windowMs);
    if (recent.length >= this.maxMessages) {
      const oldest = recent[0] ?? now;
      const retryAfterSeconds = Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
      this.sends.set(key, recent);
      throw new RateLimitedError(`Too many chat messages; retry in ${retryAfterSeconds} s`, retryAfterSeconds);
    }
    recent.push(now);
    this.sends.set(key, recent);
  }

  /** Bounds memory under many users: forgets keys with nothing left in their window. */
  private sweep(now: number): void {
    if (this.sends.size < 10_000) return;
    for (const [key, times] of this.sends) {
      const newest = times[times.length - 1];
      if (newest === undefined || newest <= now - this.windowMs) this.sends.delete(key);
    }
  }
}
