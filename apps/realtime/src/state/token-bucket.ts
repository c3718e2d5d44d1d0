import type { Clock } from '@showfloor/server-kit';

interface Bucket {
  tokens: number;
  refilledAt: number;
}

/**
 * Per-key token buckets: `ratePerSecond` sustained, bursts up to `burst`. O(1) per check and no
 * timers, so a flood costs a map lookup and an ack, never the room.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly ratePerSecond: number,
    private readonly burst: number = ratePerSecond,
  ) {}

  tryTake(key: string): boolean {
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, refilledAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * this.ratePerSecond);
    bucket.refilledAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }
}
