import type { Clock, Logger } from '@showfloor/server-kit';
import { ApiRequestError } from '../api-client/api-request-error.ts';
import { type BackoffPolicy, backoffDelayMs } from '../api-client/backoff.ts';

export interface DeliveryOutboxOptions<T> {
  name: string;
  /** Items with the same key replace each other: cumulative data is never queued twice. */
  keyOf(item: T): string;
  deliver(items: T[]): Promise<void>;
  maxItems: number;
  maxBatchSize: number;
  /** Gather items this long before sending, so bursts travel as one batch (0 = send at once). */
  batchDelayMs?: number;
  backoff: BackoffPolicy;
  clock: Clock;
  logger: Logger;
}

export interface OutboxStats {
  pending: number;
  delivered: number;
  /** Dropped because the buffer was full. */
  dropped: number;
  /** Refused by the API as invalid; retrying could never succeed. */
  rejected: number;
  failedAttempts: number;
}

/**
 * Holds data bound for the API until the API accepts it. Delivery is retried with capped,
 * jittered back-off; memory is bounded by `maxItems`, and anything that must be given up
 * (buffer full, or refused as invalid) is logged and counted, never silently lost.
 */
export class DeliveryOutbox<T> {
  private readonly items = new Map<string, T>();
  private readonly stats = { delivered: 0, dropped: 0, rejected: 0, failedAttempts: 0 };
  private attempt = 0;
  private retryTimer: unknown;
  private batchTimer: unknown;
  private draining: Promise<void> | undefined;

  constructor(private readonly options: DeliveryOutboxOptions<T>) {}

  enqueue(items: readonly T[]): void {
    for (const item of items) {
      const key = this.options.keyOf(item);
      this.items.delete(key);
      this.items.set(key, item);
    }
    this.enforceBound();
    if (this.retryTimer !== undefined || this.batchTimer !== undefined) return;
    const delay = this.options.batchDelayMs ?? 0;
    if (delay === 0) {
      void this.drain();
      return;
    }
    this.batchTimer = this.options.clock.setTimeout(() => {
      this.batchTimer = undefined;
      void this.drain();
    }, delay);
  }

  /** The item waiting under `key`, if the API has not accepted it yet. */
  pendingItem(key: string): T | undefined {
    return this.items.get(key);
  }

  /** What is still waiting, oldest first (for spooling at shutdown). */
  pendingItems(): T[] {
    return [...this.items.values()];
  }

  getStats(): OutboxStats {
    return { pending: this.items.size, ...this.stats };
  }

  /** Delivers what it can now; during a back-off wait, returns and lets the timer retry. */
  drain(): Promise<void> {
    this.draining ??= this.deliverUntilEmptyOrFailing().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  /**
   * For shutdown: keeps trying, back-off included, until everything is delivered or the deadline
   * passes. Returns how many items are still undelivered (they are logged).
   */
  async flush(timeoutMs: number): Promise<number> {
    const deadline = this.options.clock.now() + timeoutMs;
    this.cancelRetry();
    while (this.items.size > 0 && this.options.clock.now() < deadline) {
      await this.drain();
      if (this.items.size === 0) break;
      this.cancelRetry();
      const wait = Math.min(backoffDelayMs(this.attempt, this.options.backoff), deadline - this.options.clock.now());
      if (wait > 0) await new Promise((resolve) => this.options.clock.setTimeout(() => resolve(undefined), wait));
    }
    if (this.items.size > 0) {
      this.options.logger.error(
        { outbox: this.options.name, undelivered: this.items.size },
        'shutdown deadline passed with data the API has not accepted',
      );
    }
    return this.items.size;
  }

  stop(): void {
    this.cancelRetry();
  }

  private async deliverUntilEmptyOrFailing(): Promise<void> {
    while (this.items.size > 0) {
      const batch = [...this.items.entries()].slice(0, this.options.maxBatchSize);
      try {
        await this.options.deliver(batch.map(([, item]) => item));
      } catch (error) {
        if (error instanceof ApiRequestError && !error.retryable) {
          this.removeUnchanged(batch);
          this.stats.rejected += batch.length;
          this.options.logger.error(
            { outbox: this.options.name, err: error, items: batch.length },
            'API refused a delivery as invalid; dropping it',
          );
          continue;
        }
        this.stats.failedAttempts += 1;
        const delay = backoffDelayMs(this.attempt, this.options.backoff);
        this.attempt += 1;
        this.options.logger.warn(
          { outbox: this.options.name, err: error, pending: this.items.size, retryInMs: delay, attempt: this.attempt },
          'delivery to the API failed; will retry',
        );
        this.retryTimer = this.options.clock.setTimeout(() => {
          this.retryTimer = undefined;
          void this.drain();
        }, delay);
        return;
      }
      this.attempt = 0;
      this.stats.delivered += this.removeUnchanged(batch);
    }
  }

  /** Removes delivered items, unless a newer copy replaced one while it was in flight. */
  private removeUnchanged(batch: [string, T][]): number {
    let removed = 0;
    for (const [key, item] of batch) {
      if (this.items.get(key) === item) {
        this.items.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  private enforceBound(): void {
    const excess = this.items.size - this.options.maxItems;
    if (excess <= 0) return;
    const oldest = [...this.items.keys()].slice(0, excess);
    for (const key of oldest) this.items.delete(key);
    this.stats.dropped += excess;
    this.options.logger.error(
      { outbox: this.options.name, dropped: excess, totalDropped: this.stats.dropped, maxItems: this.options.maxItems },
      'outbox full: dropped the oldest undelivered items',
    );
  }

  private cancelRetry(): void {
    if (this.retryTimer !== undefined) this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.batchTimer !== undefined) this.options.clock.clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
  }
}
