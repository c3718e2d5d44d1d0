import { randomUUID } from 'node:crypto';
import { type Clock, type Logger, requestContext } from '@showfloor/server-kit';
import { type BackoffPolicy, backoffDelayMs } from './backoff.ts';
import { DeliveryError } from './delivery-error.ts';

export interface DeliveryOutboxOptions<T> {
  name: string;
  /** Who receives the items, as log lines name it ("the API", "the realtime service"). */
  receiver?: string;
  /** Items with the same key replace each other: cumulative data is never queued twice. */
  keyOf(item: T): string;
  deliver(items: T[]): Promise<void>;
  maxItems: number;
  maxBatchSize: number;
  /**
   * Largest request body the receiver accepts. Batches are cut so that their items, serialized,
   * plus the envelope the client wraps them in, stay under it; an item that alone exceeds it is given up.
   */
  maxBatchBytes: number;
  /** Gather items this long before sending, so bursts travel as one batch (0 = send at once). */
  batchDelayMs?: number;
  backoff: BackoffPolicy;
  clock: Clock;
  logger: Logger;
}

/** Why an item was given up: the buffer was full, the receiver refused it, or it is too large to send. */
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
  /** The request id the item was queued under (a REST call, a socket event), if any. */
  origin: string | undefined;
}

interface Waiter {
  keys: ReadonlySet<string>;
  /** Answer false as soon as an attempt fails, rather than waiting out the timeout. */
  untilFailure: boolean;
  settle(delivered: boolean): void;
}

export interface WhenDeliveredOptions {
  /**
   * Stop waiting (false) at the first failed attempt: for a caller that may wait while the
   * receiver answers, but not through an outage.
   */
  untilFailure?: boolean;
}

// Room for the envelope the client wraps a batch in (`{"snapshots":[` … `]}`); separators are
// counted per item.
const envelopeBytes = 64;
// A give-up log line names at most this many keys (and says how many there were).
const maxLoggedKeys = 100;
// A batch log line names at most this many of the request ids its items were queued under.
const maxLoggedOrigins = 1_000;
// Refusals that say nothing about the items (wrong key, no such route): splitting the batch could
// only get every item refused, so these are retried like an outage until someone fixes the setup.
const refusalsOfTheCaller = new Set([401, 403, 404, 405]);

/**
 * Holds data bound for another service until it accepts it. Delivery is retried with capped,
 * jittered back-off; memory is bounded by `maxItems`, batches by count and by bytes. When the
 * receiver refuses a batch, it is split in halves until the refused items are alone, so one bad
 * item never takes others with it. Anything given up (buffer full, refused, too large) is logged
 * at error with its key and counted. Items go oldest first, so with `maxBatchSize: 1` they arrive
 * in the order they were queued. Each batch is sent under a request id (`requestContext`): its
 * items' own when they share one, else a new one, logged with the ids the batch carries.
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
  /** An attempt failed since the outbox was last empty: it is in back-off or working off a backlog. */
  private troubled = false;
  private stopped = false;
  private retryTimer: unknown;
  private batchTimer: unknown;
  private draining: Promise<void> | undefined;

  constructor(private readonly options: DeliveryOutboxOptions<T>) {}

  private get receiver(): string {
    return this.options.receiver ?? 'the API';
  }

  enqueue(items: readonly T[]): void {
    const origin = requestContext.currentId();
    for (const item of items) {
      const key = this.options.keyOf(item);
      this.items.delete(key);
      this.items.set(key, { item, bytes: Buffer.byteLength(JSON.stringify(item)), origin });
    }
    this.enforceBound();
    if (this.stopped || this.retryTimer !== undefined || this.batchTimer !== undefined) return;
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

  /** The item waiting under `key`, if the receiver has not accepted it yet. */
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
   * True while the receiver takes what it is sent: no attempt has failed since the outbox was last
   * empty. False from the first failure, through the back-off and the backlog it left, until
   * everything queued has been delivered (or given up).
   */
  isHealthy(): boolean {
    return !this.troubled;
  }

  /**
   * Starts delivering at once (without waiting out `batchDelayMs`; a back-off wait after a failure
   * is kept) and resolves true once none of `keys` has an undelivered item, false when `timeoutMs`
   * passes first, one of them is given up, or (with `untilFailure`) an attempt fails.
   */
  whenDelivered(keys: readonly string[], timeoutMs: number, options: WhenDeliveredOptions = {}): Promise<boolean> {
    const wanted = new Set(keys);
    if (!this.anyPending(wanted)) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = this.options.clock.setTimeout(() => waiter.settle(false), timeoutMs);
      const waiter: Waiter = {
        keys: wanted,
        untilFailure: options.untilFailure ?? false,
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
    // The loop outlives whichever call started it; each batch names its own request id.
    this.draining ??= requestContext
      .detached(() => this.deliverUntilEmptyOrFailing())
      .finally(() => {
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
        `shutdown deadline passed with data ${this.receiver} has not accepted`,
      );
    }
    return this.items.size;
  }

  /**
   * No further attempt of its own (retries, batching, new items): what is pending stays, for
   * `pendingItems()` to spool or report. Waiters answer false now rather than at their timeout.
   */
  stop(): void {
    this.stopped = true;
    this.cancelRetry();
    for (const waiter of [...this.waiters]) waiter.settle(false);
  }

  private async deliverUntilEmptyOrFailing(): Promise<void> {
    while (this.items.size > 0 && !this.stopped) {
      const batch = this.nextBatch();
      if (batch.length === 0) continue;
      const failed = await this.send(batch);
      if (failed === undefined) continue;
      const { failure, requestId } = failed;
      this.stats.failedAttempts += 1;
      this.troubled = true;
      for (const waiter of [...this.waiters]) if (waiter.untilFailure) waiter.settle(false);
      const delay = backoffDelayMs(this.attempt, this.options.backoff);
      this.attempt += 1;
      const status = failure instanceof DeliveryError ? failure.statusCode : undefined;
      const context = {
        outbox: this.options.name,
        reqId: requestId,
        err: failure,
        pending: this.items.size,
        retryInMs: delay,
        attempt: this.attempt,
      };
      if (status !== undefined && refusalsOfTheCaller.has(status)) {
        this.options.logger.error(
          context,
          `${this.receiver} refuses this sender (internal key or URL?); keeping data and retrying`,
        );
      } else {
        this.options.logger.warn(context, `delivery to ${this.receiver} failed; will retry`);
      }
      if (this.stopped) return;
      this.retryTimer = this.options.clock.setTimeout(() => {
        this.retryTimer = undefined;
        void this.drain();
      }, delay);
      return;
    }
    if (this.items.size === 0) this.troubled = false;
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
   * Sends one batch. When the receiver refuses it, sends each half in turn, down to single items,
   * and gives up only the items refused alone. Returns the error of a failure worth retrying later
   * (the rest of the batch stays pending) with the request id it was sent under, or undefined
   * once every item is delivered or given up.
   */
  private async send(batch: [string, Entry<T>][]): Promise<{ failure: unknown; requestId: string } | undefined> {
    const requestId = this.requestIdFor(batch);
    try {
      const items = batch.map(([, entry]) => entry.item);
      await requestContext.run(requestId, () => this.options.deliver(items));
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal === undefined) return { failure: error, requestId };
      if (batch.length === 1) {
        this.giveUp(batch, refusal, { err: error, reqId: requestId });
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

  /**
   * The id a batch travels under: the one its items were all queued under (a REST call's push, the
   * views one ended stream closed), else a new one, logged with the ids the batch carries so a
   * search for any of them finds the request that delivered it.
   */
  private requestIdFor(batch: [string, Entry<T>][]): string {
    const origins = originsOf(batch);
    const [only] = origins;
    if (only !== undefined && origins.length === 1 && batch.every(([, entry]) => entry.origin === only)) return only;
    const requestId = randomUUID();
    if (origins.length > 0) {
      this.options.logger.info(
        { outbox: this.options.name, reqId: requestId, items: batch.length, carries: origins },
        `delivering ${batch.length} item(s) to ${this.receiver} queued by ${origins.length} request(s)`,
      );
    }
    return requestId;
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

  /** Gives items up: counted by reason and logged at error, with their keys and the calls that queued them. */
  private giveUp(batch: [string, Entry<T>][], reason: GiveUpReason, context: Record<string, unknown>): void {
    const keys = this.removeUnchanged(batch);
    if (keys.length === 0) return; // every one was superseded by a newer copy, still pending
    this.countGivenUp(reason, keys.length);
    const given = new Set(keys);
    this.logGivenUp(reason, keys, { ...context, carries: originsOf(batch.filter(([key]) => given.has(key))) });
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
    const dropped = oldest.map((key) => [key, this.items.get(key)] as [string, Entry<T>]);
    for (const key of oldest) this.items.delete(key);
    this.countGivenUp('buffer_full', excess);
    this.logGivenUp('buffer_full', oldest, { maxItems: this.options.maxItems, carries: originsOf(dropped) });
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
  refused: 'the receiver refused them as invalid',
  too_large: 'each is larger than the receiver accepts in one request',
};

/** The distinct request ids entries were queued under, in order (bounded, for a log line). */
function originsOf(entries: readonly [string, Entry<unknown>][]): string[] {
  const origins = new Set<string>();
  for (const [, entry] of entries) {
    if (entry.origin !== undefined) origins.add(entry.origin);
    if (origins.size === maxLoggedOrigins) break;
  }
  return [...origins];
}

/** How a failure condemns the items sent, or undefined when it is worth retrying them later. */
function refusalOf(error: unknown): Exclude<GiveUpReason, 'buffer_full'> | undefined {
  if (!(error instanceof DeliveryError) || error.retryable) return undefined;
  if (error.statusCode === 413) return 'too_large';
  if (error.statusCode !== undefined && refusalsOfTheCaller.has(error.statusCode)) return undefined;
  return 'refused';
}
