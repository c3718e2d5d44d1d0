import { createPrismaClient, Prisma } from '@showfloor/db';
import { createSession, createTestDatabase, ManualClock, type TestDatabase } from '@showfloor/testing';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type SnapshotRetention,
  type SnapshotRetentionOptions,
  startSnapshotRetention,
} from '../src/modules/snapshot-retention/snapshot-retention.job.ts';
import { expiredSnapshotBatchDelete } from '../src/modules/snapshot-retention/snapshot-retention.repository.ts';

const dayMs = 86_400_000;
const hourMs = 3_600_000;
const now = new Date('2026-11-23T10:00:00.000Z');
const cutoff = new Date(now.getTime() - 90 * dayMs);

interface LogLine {
  level: number;
  msg: string;
  deleted?: number;
  batches?: number;
  cutoff?: string;
  durationMs?: number;
  complete?: boolean;
}

describe('viewer snapshot retention', () => {
  let db: TestDatabase;
  let sessionId: string;
  let jobs: SnapshotRetention[] = [];
  let logs: LogLine[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());
  afterEach(async () => {
    await Promise.all(jobs.map((job) => job.stop()));
    jobs = [];
  });
  beforeEach(async () => {
    logs = [];
    await db.prisma.viewerSnapshot.deleteMany();
    sessionId = (await createSession(db.prisma)).id;
  });

  /** The real job on the test database; the manual clock keeps the schedule from firing unasked. */
  function start(overrides: Partial<SnapshotRetentionOptions> = {}) {
    const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line) as LogLine) });
    const clock = new ManualClock(now);
    const job = startSnapshotRetention({
      prisma: db.prisma,
      logger,
      retentionDays: 90,
      intervalMs: hourMs,
      batchSize: 1_000,
      clock,
      ...overrides,
    });
    jobs.push(job);
    return { job, clock };
  }

  /** Snapshots one minute apart, the first at `from`, each from its own node so none collide. */
  async function snapshotsFrom(from: Date, count: number) {
    await db.prisma.viewerSnapshot.createMany({
      data: Array.from({ length: count }, (_, index) => ({
        sessionId,
        minute: new Date(from.getTime() + index * 60_000),
        nodeId: `node-${index}`,
        viewerCount: 10,
        avgViewers: 9.5,
        peakViewers: 12,
        minViewers: 8,
        sampleCount: 12,
      })),
    });
  }

  const minutesLeft = async () =>
    (await db.prisma.viewerSnapshot.findMany({ orderBy: { minute: 'asc' }, select: { minute: true } })).map((row) =>
      row.minute.toISOString(),
    );

  it('deletes snapshots older than the retention and keeps the rest, the one exactly at the cutoff included', async () => {
    await snapshotsFrom(new Date(cutoff.getTime() - 200 * dayMs), 3);
    await db.prisma.viewerSnapshot.createMany({
      data: [
        { minute: new Date(cutoff.getTime() - 1), nodeId: 'just-expired' },
        { minute: cutoff, nodeId: 'at-cutoff' },
        { minute: new Date(cutoff.getTime() + 60_000), nodeId: 'just-kept' },
        { minute: new Date(now.getTime() - hourMs), nodeId: 'recent' },
      ].map((row) => ({
        ...row,
        sessionId,
        viewerCount: 1,
        avgViewers: 1,
        peakViewers: 1,
        minViewers: 1,
        sampleCount: 1,
      })),
    });
    const { job } = start();

    const run = await job.runOnce(now);

    expect(run).toMatchObject({ cutoff, deleted: 4, batches: 1, complete: true });
    expect(await minutesLeft()).toEqual([
      cutoff.toISOString(),
      new Date(cutoff.getTime() + 60_000).toISOString(),
      new Date(now.getTime() - hourMs).toISOString(),
    ]);
  });

  it('works through many batches and reports the total it removed', async () => {
    await snapshotsFrom(new Date(cutoff.getTime() - dayMs), 7);
    await snapshotsFrom(new Date(now.getTime() - dayMs), 2);
    const { job } = start({ batchSize: 3 });

    const run = await job.runOnce(now);

    // 3 + 3 + 1: the short batch shows nothing expired is left.
    expect(run).toMatchObject({ deleted: 7, batches: 3, complete: true });
    expect(await db.prisma.viewerSnapshot.count()).toBe(2);
    const line = logs.find((entry) => entry.msg === 'deleted 7 expired viewer snapshots');
    expect(line).toMatchObject({ level: 30, deleted: 7, batches: 3, cutoff: cutoff.toISOString(), complete: true });
    expect(line?.durationMs).toEqual(expect.any(Number));
  });

  it('sends one more, empty batch when the expired rows are an exact multiple of the batch size', async () => {
    await snapshotsFrom(new Date(cutoff.getTime() - dayMs), 6);
    const { job } = start({ batchSize: 3 });

    expect(await job.runOnce(now)).toMatchObject({ deleted: 6, batches: 3, complete: true });
    expect(await job.runOnce(now)).toMatchObject({ deleted: 0, batches: 1, complete: true });
    expect(logs.at(-1)).toMatchObject({ msg: 'deleted 0 expired viewer snapshots', deleted: 0 });
  });

  it('honours another retention period', async () => {
    await snapshotsFrom(new Date(now.getTime() - 8 * dayMs), 1);
    await snapshotsFrom(new Date(now.getTime() - 6 * dayMs), 1);
    const { job } = start({ retentionDays: 7 });

    expect(await job.runOnce(now)).toMatchObject({ deleted: 1 });
    expect(await db.prisma.viewerSnapshot.count()).toBe(1);
  });

  it('runs on start, then again every interval, on the clock it is given', async () => {
    await snapshotsFrom(new Date(cutoff.getTime() - dayMs), 2);
    const { job, clock } = start();

    await clock.advance(0);
    // A manual run queues behind the scheduled one, so awaiting it awaits both.
    await job.runOnce();
    expect(await db.prisma.viewerSnapshot.count()).toBe(0);
    expect(logs.map((entry) => entry.deleted)).toEqual([2, 0]);

    // Expires 30 minutes into the coming hour.
    await snapshotsFrom(new Date(cutoff.getTime() + 30 * 60_000), 1);
    await clock.advance(hourMs - 1);
    expect(logs).toHaveLength(2);
    await clock.advance(1);
    await job.runOnce();
    expect(await db.prisma.viewerSnapshot.count()).toBe(0);
    expect(logs.map((entry) => entry.deleted)).toEqual([2, 0, 1, 0]);
  });

  it('never overlaps runs: concurrent calls run one after the other', async () => {
    await snapshotsFrom(new Date(cutoff.getTime() - dayMs), 5);
    const { job } = start({ batchSize: 2 });

    const runs = await Promise.all([job.runOnce(now), job.runOnce(now), job.runOnce(now)]);

    // Had two runs raced, both would have counted rows from the same batches.
    expect(runs.map((run) => run.deleted)).toEqual([5, 0, 0]);
  });

  it('stop() lets the batch in flight finish, ends the run there, and cancels the schedule', async () => {
    await snapshotsFrom(new Date(cutoff.getTime() - dayMs), 10);
    const { job, clock } = start({ batchSize: 2 });

    await clock.advance(0);
    await job.stop();

    const left = await db.prisma.viewerSnapshot.count();
    expect(left).toBeGreaterThan(0);
    expect(left % 2).toBe(0);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ deleted: 10 - left, complete: false });

    await clock.advance(10 * hourMs);
    expect(await db.prisma.viewerSnapshot.count()).toBe(left);
    expect(await job.runOnce(now)).toMatchObject({ deleted: 0, batches: 0, complete: false });
    expect(await db.prisma.viewerSnapshot.count()).toBe(left);
  });

  it('logs a failed run and tries again at the next interval', async () => {
    await snapshotsFrom(new Date(cutoff.getTime() - dayMs), 1);
    const missing = new URL(db.url);
    missing.pathname = '/showfloor_retention_missing_database';
    const prisma = createPrismaClient({ databaseUrl: missing.toString(), connectionTimeoutMs: 1_000 });
    const { job, clock } = start({ prisma });

    await clock.advance(0);
    await expect(job.runOnce()).rejects.toThrow();
    expect(logs[0]).toMatchObject({ level: 50, msg: 'viewer snapshot retention failed', deleted: 0 });
    await clock.advance(hourMs);
    await job.runOnce().catch(() => undefined);
    expect(logs.filter((entry) => entry.level === 50)).toHaveLength(4);
    await prisma.$disconnect();
  });

  it('finds each batch by walking the index on minute, not by scanning and sorting the table', async () => {
    // 50,000 snapshots over 100 days, half of them expired, so the planner chooses on real statistics.
    await db.prisma.$executeRaw`
      INSERT INTO viewer_snapshots
        (session_id, minute, node_id, viewer_count, avg_viewers, peak_viewers, min_viewers, sample_count)
      SELECT ${sessionId}::uuid, ${now}::timestamptz - n * interval '3 minutes', 'node-a', 5, 5, 5, 5, 12
      FROM generate_series(1, 50000) AS n`;
    await db.prisma.$executeRaw`ANALYZE viewer_snapshots`;

    const plan = await db.prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(
      Prisma.sql`EXPLAIN ${expiredSnapshotBatchDelete(new Date(now.getTime() - 50 * dayMs), 5_000)}`,
    );
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');

    expect(text).toMatch(/Index Scan using viewer_snapshots_minute_idx on viewer_snapshots/);
    expect(text).toContain('Index Cond: (minute <');
    expect(text).not.toContain('Seq Scan');
    expect(text).not.toContain('Sort');
  });
});
