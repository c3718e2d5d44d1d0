import { describe, expect, it } from 'vitest';
import {
  type CommitContext,
  type GroupCommitOptions,
  GroupCommitWriter,
  WriteRefusedError,
} from './group-commit-writer.ts';

type Commit = (items: number[], context: CommitContext) => Promise<number[]>;

function writer(commit: Commit, overrides: Partial<GroupCommitOptions<number, number>> = {}) {
  const batches: number[][] = [];
  const instance = new GroupCommitWriter<number, number>({
    commit: (items, context) => {
      batches.push(items);
      return commit(items, context);
    },
    maxBatchItems: 100,
    lingerMs: 5,
    maxPendingItems: 1_000,
    deadlineMs: 1_000,
    concurrency: 1,
    ...overrides,
  });
  return { instance, batches };
}

const doubled: Commit = async (items) => items.map((item) => item * 2);

async function refusalOf(promise: Promise<unknown>): Promise<WriteRefusedError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof WriteRefusedError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe('GroupCommitWriter', () => {
  it('commits submissions that arrive together in one batch and answers each with its own results', async () => {
    const { instance, batches } = writer(doubled);
    const answers = await Promise.all([instance.submit([1]), instance.submit([2, 3]), instance.submit([4])]);
    expect(answers).toEqual([[2], [4, 6], [8]]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
    expect(instance.stats()).toMatchObject({ commits: 1, committedItems: 4, pendingItems: 0 });
  });

  it('never splits a submission across commits, and starts a commit as soon as a batch is full', async () => {
    const { instance, batches } = writer(doubled, { maxBatchItems: 3, lingerMs: 10_000 });
    await Promise.all([instance.submit([1, 2]), instance.submit([3, 4]), instance.submit([5, 6])]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  it('refuses every submission of a failed commit (nothing was stored) and keeps going afterwards', async () => {
    let fail = true;
    const failures: number[] = [];
    const { instance } = writer(
      async (items) => {
        if (fail) throw new Error('connection terminated');
        return items;
      },
      { onCommitFailed: (_error, items) => failures.push(items) },
    );
    const refusals = await Promise.all([refusalOf(instance.submit([1])), refusalOf(instance.submit([2]))]);
    expect(refusals.map((refusal) => refusal.reason)).toEqual(['commit-failed', 'commit-failed']);
    expect(refusals[0]?.code).toBe('service_unavailable');
    expect(failures).toEqual([2]);
    fail = false;
    await expect(instance.submit([3])).resolves.toEqual([3]);
  });

  it('refuses at once when the queue is full, without waiting', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { instance } = writer(
      async (items) => {
        await held;
        return items;
      },
      { maxPendingItems: 3, lingerMs: 0 },
    );
    const accepted = instance.submit([1, 2]);
    const refusal = await refusalOf(instance.submit([3, 4]));
    expect(refusal.reason).toBe('queue-full');
    expect(refusal.retryAfterSeconds).toBe(1);
    release();
    await expect(accepted).resolves.toEqual([1, 2]);
    expect(instance.stats().refused['queue-full']).toBe(1);
  });

  it('refuses a submission whose commit has not come back by its deadline, and tells the commit its time', async () => {
    const timeouts: number[] = [];
    const { instance } = writer(
      (items, context) => {
        timeouts.push(context.timeoutMs);
        return new Promise<number[]>(() => {}).then(() => items);
      },
      { deadlineMs: 50, lingerMs: 0 },
    );
    const refusal = await refusalOf(instance.submit([1]));
    expect(refusal.reason).toBe('deadline');
    expect(timeouts[0]).toBeGreaterThan(0);
    expect(timeouts[0]).toBeLessThanOrEqual(50);
  });

  it('on drain commits what it accepted, then refuses new submissions', async () => {
    const { instance, batches } = writer(doubled, { lingerMs: 10_000 });
    const accepted = instance.submit([1]);
    await instance.drain();
    await expect(accepted).resolves.toEqual([2]);
    expect(batches).toEqual([[1]]);
    expect((await refusalOf(instance.submit([2]))).reason).toBe('closing');
  });
});
