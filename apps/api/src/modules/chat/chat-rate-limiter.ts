import { inMemoryRateLimiters, type RateLimiterFactory } from '@showfloor/server-kit';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { isRefusal, rateLimitedFor } from '../../shared/rate-limiters.ts';

/**
 * At most `maxMessages` per `windowMs` per key (a user id), as a sliding window: the user has
 * `maxMessages` slots, each a one-point rate-limiter-flexible key that a message takes and that
 * frees `windowMs` after it was taken — so a burst at a window's edge cannot double the rate the
 * way one fixed-window counter would. Taking a slot is atomic in the store, so two concurrent
 * sends never both get the last one. REST and socket chat share one instance through the chat
 * service, so switching transport does not reset a user's budget. The limiters come from a
 * factory (memory now, per API instance; Redis can replace it).
 */
export class ChatRateLimiter {
  private readonly slots: RateLimiterAbstract;

  constructor(
    private readonly maxMessages: number,
    windowMs: number,
    limiters: RateLimiterFactory = inMemoryRateLimiters,
  ) {
    this.slots = limiters({ keyPrefix: 'chat', points: 1, durationMs: windowMs });
  }

  /**
   * Records one message for `key`, or throws RateLimitedError with the whole seconds until a slot
   * frees. A refused message takes nothing, so it does not push the user's next slot back.
   */
  async take(key: string): Promise<void> {
    let soonestFreeMs = Number.POSITIVE_INFINITY;
    for (let slot = 0; slot < this.maxMessages; slot++) {
      try {
        await this.slots.consume(`${key}:${slot}`);
        return;
      } catch (error) {
        if (!isRefusal(error)) throw error;
        soonestFreeMs = Math.min(soonestFreeMs, error.msBeforeNext);
      }
    }
    throw rateLimitedFor(soonestFreeMs, 'Too many chat messages');
  }
}
