import { ServiceUnavailableError } from '@showfloor/contracts';

/*
 * Group commit: many requests' rows written in one transaction, every request answered only once
 * that transaction has committed. Where a request would pay one round trip and one commit (an
 * fsync) for its row, here hundreds of requests share them, which is what lets one PostgreSQL take
 * a million tracked events a minute while every acknowledgement still means "stored".
 *
 * Bounded everywhere: a full queue, a commit past its deadline, a database that refuses, and a
 * writer that is shutting down are each refused with 503 and Retry-After. The caller never gets a
 * success for a row that was not committed, and nothing waits without limit.
 */

export type WriteRefusal = 'queue-full' | 'deadline' | 'commit-failed' | 'closing';

const refusalMessages: Record<WriteRefusal, string> = {
  'queue-full': 'Too many writes are waiting; nothing was stored, try again shortly',
  deadline: 'The write was not committed in time and is not acknowledged; try again shortly',
  'commit-failed': 'The database did not take the write; nothing was stored, try again shortly',
  closing: 'The server is shutting down; nothing was stored, try again shortly',
};

/** A write that was not acknowledged: answered 503 with `Retry-After` by the API's error handler. */
export class WriteRefusedError extends ServiceUnavailableError {
  constructor(
    readonly reason: WriteRefusal,
    retryAfterSeconds: number,
    override readonly cause?: unknown,
  ) {
    super(refusalMessages[reason], retryAfterSeconds);
  }
}

export interface CommitContext {
  /** How long the commit may take before its oldest item's deadline passes; give it to the database as a statement timeout. */
  timeoutMs: number;
}

export interface GroupCommitOptions<T, R> {
  /**
   * Writes every item in one transaction and returns one result per item, in order. Throwing (or
   * rejecting) means nothing of the batch was committed.
   */
  commit(items: T[], context: CommitContext): Promise<R[]>;
  /** Items in one commit at most; one submission never exceeds it and is never split. */
  maxBatchItems: number;
  /** How long the first waiting item waits for company before its commit starts. */
  lingerMs: number;
  /** Items waiting or being committed at most; beyond it a submission is refused at once. */
  maxPendingItems: number;
  /** A submission not committed this long after it arrived is refused (a slow or stopped database). */
  deadlineMs: number;
  /** Commits in flight at once (each on its own connection). */
  concurrency: number;
  retryAfterSeconds?: number;
  /** Told about each failed commit (for the log); the items are refused either way. */
  onCommitFailed?(error: unknown, items: number): void;
}

export interface GroupCommitStats {
  pendingItems: number;
  commitsInFlight: number;
  committedItems: number;
  commits: number;
  refused: Record<WriteRefusal, number>;
}

interface Submission<T, R> {
  items: T[];
  arrivedAt: number;
  settled: boolean;
  resolve(results: R[]): void;
  reject(error: WriteRefusedError): void;
  deadline: ReturnType<typeof setTimeout>;
}

export class GroupCommitWriter<T, R> {
  private readonly waiting: Submission<T, R>[] = [];
  private waitingItems = 0;
  private inFlightItems = 0;
  private commitsInFlight = 0;
  private lingerTimer: ReturnType<typeof setTimeout> | undefined;
  private closing = false;
  private idle: (() => void)[] = [];
  private readonly counts = {
    committedItems: 0,
    commits: 0,
    refused: { 'queue-full': 0, deadline: 0, 'commit-failed': 0, closing: 0 } as Record<WriteRefusal, number>,
  };

  constructor(private readonly options: GroupCommitOptions<T, R>) {
    if (options.maxBatchItems < 1 || options.concurrency < 1)
      throw new Error('maxBatchItems and concurrency must be ≥ 1');
  }

  /** Resolves with one result per item once all of them are committed together; rejects with WriteRefusedError. */
  submit(items: T[]): Promise<R[]> {
    if (items.length === 0) return Promise.resolve([]);
    if (items.length > this.options.maxBatchItems) {
      throw new Error(`a submission of ${items.length} items exceeds maxBatchItems (${this.options.maxBatchItems})`);
    }
    if (this.closing) return Promise.reject(this.refusal('closing'));
    if (this.waitingItems + this.inFlightItems + items.length > this.options.maxPendingItems) {
      return Promise.reject(this.refusal('queue-full'));
    }
    return new Promise<R[]>((resolve, reject) => {
      const submission: Submission<T, R> = {
        items,
        arrivedAt: Date.now(),
        settled: false,
        resolve,
        reject,
        deadline: setTimeout(() => this.expire(submission), this.options.deadlineMs),
      };
      this.waiting.push(submission);
      this.waitingItems += items.length;
      this.schedule();
    });
  }

  /** Refuses new submissions and resolves once everything already accepted is committed or refused. */
  async drain(): Promise<void> {
    this.closing = true;
    this.startCommits();
    if (this.waiting.length === 0 && this.commitsInFlight === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  stats(): GroupCommitStats {
    return {
      pendingItems: this.waitingItems + this.inFlightItems,
      commitsInFlight: this.commitsInFlight,
      committedItems: this.counts.committedItems,
      commits: this.counts.commits,
      refused: { ...this.counts.refused },
    };
  }

  private refusal(reason: WriteRefusal, cause?: unknown): WriteRefusedError {
    this.counts.refused[reason] += 1;
    return new WriteRefusedError(reason, this.options.retryAfterSeconds ?? 1, cause);
  }

  private schedule(): void {
    if (this.commitsInFlight >= this.options.concurrency) return;
    if (this.waitingItems >= this.options.maxBatchItems || this.closing) {
      this.startCommits();
      return;
    }
    this.lingerTimer ??= setTimeout(() => {
      this.lingerTimer = undefined;
      this.startCommits();
    }, this.options.lingerMs);
  }

  private startCommits(): void {
    if (this.lingerTimer) {
      clearTimeout(this.lingerTimer);
      this.lingerTimer = undefined;
    }
    while (this.waiting.length > 0 && this.commitsInFlight < this.options.concurrency) {
      void this.commitNext();
    }
  }

  private async commitNext(): Promise<void> {
    const batch: Submission<T, R>[] = [];
    let size = 0;
    while (this.waiting.length > 0) {
      const next = this.waiting[0] as Submission<T, R>;
      if (size + next.items.length > this.options.maxBatchItems) break;
      this.waiting.shift();
      batch.push(next);
      size += next.items.length;
    }
    this.waitingItems -= size;
    this.inFlightItems += size;
    this.commitsInFlight += 1;
    const oldest = batch[0]?.arrivedAt ?? Date.now();
    try {
      const results = await this.options.commit(
        batch.flatMap((submission) => submission.items),
        { timeoutMs: Math.max(1, oldest + this.options.deadlineMs - Date.now()) },
      );
      if (results.length !== size) throw new Error(`commit returned ${results.length} results for ${size} items`);
      this.counts.commits += 1;
      this.counts.committedItems += size;
      let offset = 0;
      for (const submission of batch) {
        const own = results.slice(offset, offset + submission.items.length);
        offset += submission.items.length;
        this.settle(submission, () => submission.resolve(own));
      }
    } catch (error) {
      this.options.onCommitFailed?.(error, size);
      for (const submission of batch) {
        this.settle(submission, () => submission.reject(this.refusal('commit-failed', error)));
      }
    } finally {
      this.inFlightItems -= size;
      this.commitsInFlight -= 1;
      // What arrived during this commit has waited long enough: no linger for it.
      if (this.waiting.length > 0) this.startCommits();
      else if (this.commitsInFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  /** Its deadline passed: refused, whether it was still waiting or its commit has not come back. */
  private expire(submission: Submission<T, R>): void {
    const index = this.waiting.indexOf(submission);
    if (index >= 0) {
      this.waiting.splice(index, 1);
      this.waitingItems -= submission.items.length;
    }
    this.settle(submission, () => submission.reject(this.refusal('deadline')));
    if (this.closing && this.waiting.length === 0 && this.commitsInFlight === 0) {
      for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  private settle(submission: Submission<T, R>, outcome: () => void): void {
    if (submission.settled) return;
    submission.settled = true;
    clearTimeout(submission.deadline);
    outcome();
  }
}
