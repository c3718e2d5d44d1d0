import type { Clock, Logger } from '@showfloor/server-kit';
import { ApiRequestError } from '../api-client/api-request-error.ts';
import { type BackoffPolicy, backoffDelayMs } from './backoff.ts';

export interface DeliveryOutboxOptions<T> {
  name: string;
  /** Items with the same key replace each other: cumulative data is never queued twice. */
  keyOf(item: T): string;
  deliver(items: T[]): Promise<void>;
  maxItems: number;
  maxBatchSize: number;
  /**
   * Largest request body the API accepts. Batches are cut so that their items, serialized, plus
   * the envelope the client wraps them in, stay under it; an item that alone exceeds it is given up.
   */
  maxBatchBytes: number;
  /** Gather items this long before sending, so bursts travel as one batch (0 = send at once). */
  batchDelayMs?: number;
  backoff: BackoffPolicy;
  clock: Clock;
  logger: Logger;
}

/** Why an item was given up: the buffer was full, the API refused it, or it is too large to send. */
export type GiveUpReason = 'buffer_full' | 'refused' | 'too_large';

export interface OutboxStats {
  pending: number;
  delivered: number;
  /** Items given up, by reason; every one was logged at error with its key. */
  givenUp: { bufferFull: number; refused: number; tooLarge: number };
  failedAttempts: number;
}

interface Entry<T> {
  item: T;
  /** The item serialized, in bytes: what it adds to a request body. */
  bytes: number;
}

interface Waiter {
  keys: ReadonlySet<string>;
  settle(delivered: boolean): void;
}

// Room for the envelope the client wraps a batch in (`{"snapshots":[` … `]}`); separators are
// counted per item.
const envelopeBytes = 64;
// A give-up log line names at most this many keys (and says how many there were).
const maxLoggedKeys = 100;
// Refusals that say nothing about the items (wrong key, no such route): splitting the batch could
// only get every item refused, so these are retried like an outage until someone fixes the setup.
const refusalsOfTheCaller = new Set([401, 403, 404, 405]);

/**
 * Holds data bound for the API until the API accepts it. Delivery is retried with capped,
 * jittered back-off; memory is bounded by `maxItems`, batches by count and by bytes. When the API
 * refuses a batch, it is split in halves until the refused items are alone, so one bad item never
 * takes others with it. Anything given up (buffer full, refused, too large) is logged at error
 * with its key and counted.
 */
export class DeliveryOutbox<T> {
  private readonly items = new Map<string, Entry<T>>();
  private readonly stats = {
    delivered: 0,
    failedAttempts: 0,
    givenUp: { bufferFull: 0, refused: 0, tooLarge: 0 },
  };
  private readonly waiters = new Set<Waiter>();
  private attempt = 0;
  private retryTimer: unknown;
  private batchTimer: unknown;
  private draining: Promise<void> | undefined;

  constructor(private readonly options: DeliveryOutboxOptions<T>) {}

  enqueue(items: readonly T[]): void {
    for (const item of items) {
      const key = this.options.keyOf(item);
      this.items.delete(key);
      this.items.set(key, { item, bytes: Buffer.byteLength(JSON.stringify(item)) });
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
    return this.items.get(key)?.item;
  }

  /** What is still waiting, oldest first (for spooling at shutdown). */
  pendingItems(): T[] {
    return [...this.items.values()].map((entry) => entry.item);
  }

  getStats(): OutboxStats {
    return {
      pending: this.items.size,
      delivered: this.stats.delivered,
      givenUp: { ...this.stats.givenUp },
      failedAttempts: this.stats.failedAttempts,
    };
  }

  /** How many items were given up so far, whatever the reason. */
  givenUpCount(): number {
    const { bufferFull, refused, tooLarge } = this.stats.givenUp;
    return bufferFull + refused + tooLarge;
  }

  /**
   * Starts delivering at once (without waiting out `batchDelayMs`; a back-off wait after a failure
   * is kept) and resolves true once none of `keys` has an undelivered item, false when `timeoutMs`
   * passes first or one of them is given up.
   */
  whenDelivered(keys: readonly string[], timeoutMs: number): Promise<boolean> {
    const wanted = new Set(keys);
    if (!this.anyPending(wanted)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = this.options.clock.setTimeout(() => waiter.settle(false), timeoutMs);
      const waiter: Waiter = {
        keys: wanted,
        settle: (delivered) => {
          this.waiters.delete(waiter);
          this.options.clock.clearTimeout(timer);
          resolve(delivered);
        },
      };
      this.waiters.add(waiter);
      if (this.batchTimer !== undefined) {
        this.options.clock.clearTimeout(this.batchTimer);
        this.batchTimer = undefined;
      }
      if (this.retryTimer === undefined) void this.drain();
    });
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
        {
          outbox: this.options.name,
          undelivered: this.items.size,
          keys: [...this.items.keys()].slice(0, maxLoggedKeys),
        },
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
      const batch = this.nextBatch();
      if (batch.length === 0) continue;
      const failure = await this.send(batch);
      if (failure === undefined) continue;
      this.stats.failedAttempts += 1;
      const delay = backoffDelayMs(this.attempt, this.options.backoff);
      this.attempt += 1;
      const status = failure instanceof ApiRequestError ? failure.statusCode : undefined;
      const context = {
        outbox: this.options.name,
        err: failure,
        pending: this.items.size,
        retryInMs: delay,
        attempt: this.attempt,
      };
      if (status !== undefined && refusalsOfTheCaller.has(status)) {
        this.options.logger.error(
          context,
          'the API refuses this node (internal key or URL?); keeping data and retrying',
        );
      } else {
        this.options.logger.warn(context, 'delivery to the API failed; will retry');
      }
      this.retryTimer = this.options.clock.setTimeout(() => {
        this.retryTimer = undefined;
        void this.drain();
      }, delay);
      return;
    }
  }

  /**
   * The oldest items that fit one request, by count and by bytes. An item too large to fit any
   * request is given up here rather than sent.
   */
  private nextBatch(): [string, Entry<T>][] {
    const { maxBatchSize, maxBatchBytes } = this.options;
    const batch: [string, Entry<T>][] = [];
    const tooLarge: [string, Entry<T>][] = [];
    let bytes = envelopeBytes;
    for (const [key, entry] of this.items) {
      if (envelopeBytes + entry.bytes > maxBatchBytes) {
        tooLarge.push([key, entry]);
        continue;
      }
      const added = batch.length === 0 ? entry.bytes : entry.bytes + 1; // a comma between items
      if (batch.length >= maxBatchSize || bytes + added > maxBatchBytes) break;
      batch.push([key, entry]);
      bytes += added;
    }
    if (tooLarge.length > 0) {
      this.giveUp(tooLarge, 'too_large', { largestBytes: Math.max(...tooLarge.map(([, entry]) => entry.bytes)) });
    }
    return batch;
  }

  /**
   * Sends one batch. When the API refuses it, sends each half in turn, down to single items, and
   * gives up only the items refused alone. Returns the error of a failure worth retrying later
   * (the rest of the batch stays pending), or undefined once every item is delivered or given up.
   */
  private async send(batch: [string, Entry<T>][]): Promise<unknown> {
    try {
      await this.options.deliver(batch.map(([, entry]) => entry.item));
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal === undefined) return error;
      if (batch.length === 1) {
        this.giveUp(batch, refusal, { err: error });
        return undefined;
      }
      const middle = Math.ceil(batch.length / 2);
      return (await this.send(batch.slice(0, middle))) ?? (await this.send(batch.slice(middle)));
    }
    this.attempt = 0;
    this.stats.delivered += this.removeUnchanged(batch).length;
    this.settleWaiters([]);
    return undefined;
  }

  /** Removes delivered or given-up items, unless a newer copy replaced one meanwhile. */
  private removeUnchanged(batch: [string, Entry<T>][]): string[] {
    const removed: string[] = [];
    for (const [key, entry] of batch) {
      if (this.items.get(key) === entry) {
        this.items.delete(key);
        removed.push(key);
      }
    }
    return removed;
  }

  /** Gives items up: counted by reason and logged at error, with their keys. */
  private giveUp(batch: [string, Entry<T>][], reason: GiveUpReason, context: Record<string, unknown>): void {
    const keys = this.removeUnchanged(batch);
    if (keys.length === 0) return; // every one was superseded by a newer copy, still pending
    this.countGivenUp(reason, keys.length);
    this.logGivenUp(reason, keys, context);
    this.settleWaiters(keys);
  }

  private countGivenUp(reason: GiveUpReason, count: number): void {
    const givenUp = this.stats.givenUp;
    if (reason === 'buffer_full') givenUp.bufferFull += count;
    else if (reason === 'refused') givenUp.refused += count;
    else givenUp.tooLarge += count;
  }

  private logGivenUp(reason: GiveUpReason, keys: string[], context: Record<string, unknown>): void {
    this.options.logger.error(
      {
        outbox: this.options.name,
        reason,
        count: keys.length,
        keys: keys.slice(0, maxLoggedKeys),
        totalGivenUp: this.givenUpCount(),
        ...context,
      },
      `gave up delivering ${keys.length} item(s): ${reasonText[reason]}`,
    );
  }

  private enforceBound(): void {
    const excess = this.items.size - this.options.maxItems;
    if (excess <= 0) return;
    const oldest: string[] = [];
    for (const key of this.items.keys()) {
      if (oldest.length === excess) break;
      oldest.push(key);
    }
    for (const key of oldest) this.items.delete(key);
    this.countGivenUp('buffer_full', excess);
    this.logGivenUp('buffer_full', oldest, { maxItems: this.options.maxItems });
    this.settleWaiters(oldest);
  }

  /** Answers the waiters whose keys are all delivered now, or one of which was just given up. */
  private settleWaiters(givenUp: readonly string[]): void {
    for (const waiter of [...this.waiters]) {
      if (givenUp.some((key) => waiter.keys.has(key))) waiter.settle(false);
      else if (!this.anyPending(waiter.keys)) waiter.settle(true);
    }
  }

  private anyPending(keys: ReadonlySet<string>): boolean {
    for (const key of keys) if (this.items.has(key)) return true;
    return false;
  }

  private cancelRetry(): void {
    if (this.retryTimer !== undefined) this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.batchTimer !== undefined) this.options.clock.clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
  }
}

const reasonText: Record<GiveUpReason, string> = {
  buffer_full: 'the outbox is full, the oldest items were dropped',
  refused: 'the API refused them as invalid',
  too_large: 'each is larger than the API accepts in one request',
};

/** How a failure condemns the items sent, or undefined when it is worth retrying them later. */
function refusalOf(error: unknown): Exclude<GiveUpReason, 'buffer_full'> | undefined {
  if (!(error instanceof ApiRequestError) || error.retryable) return undefined;
  if (error.statusCode === 413) return 'too_large';
  if (error.statusCode !== undefined && refusalsOfTheCaller.has(error.statusCode)) return undefined;
  return 'refused';
}
