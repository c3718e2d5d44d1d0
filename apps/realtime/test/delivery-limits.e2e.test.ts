import { startApiServer } from '@showfloor/api';
import type { SessionTotals, ViewerSnapshot } from '@showfloor/contracts';
import {
  createSession,
  createTestDatabase,
  type TestDatabase,
  testApiConfig,
  testRealtimeConfig,
  waitFor,
} from '@showfloor/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer } from '../src/server.ts';
import { fetchJson } from './support/test-stack.ts';

// The API here accepts bodies of at most 64 KiB (the realtime service assumes its default 4 MiB),
// so batches the realtime service cuts can still be refused with 413, as when the two disagree.
const apiBodyLimitBytes = 64 * 1024;

interface LogLine {
  level: number;
  msg: string;
  outbox?: string;
  reason?: string;
  keys?: string[];
}

/** A realtime node whose logs the test can read, on the real API over PostgreSQL. */
async function startNode(apiUrl: string) {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  const config = testRealtimeConfig({ API_INTERNAL_URL: apiUrl, RETRY_BASE_MS: '50', RETRY_MAX_MS: '200' });
  const server = await startRealtimeServer({ config, logger });
  return {
    ...server,
    outboxes: server.realtime.outboxes,
    health: () => fetchJson(`${server.url}/health`),
    givenUpLogs: () => lines.filter((line) => line.level >= 50 && line.keys !== undefined),
  };
}

function snapshotAt(sessionId: string, minuteIndex: number, overrides: Partial<ViewerSnapshot> = {}): ViewerSnapshot {
  return {
    sessionId,
    minute: new Date(Date.UTC(2026, 0, 1) + minuteIndex * 60_000).toISOString(),
    viewerCount: 3,
    avgViewers: 2.5,
    peakViewers: 4,
    minViewers: 1,
    sampleCount: 12,
    nodeId: 'test-node',
    ...overrides,
  };
}

function totalsFor(sessionId: string, reactionCounts: Record<string, number>): SessionTotals {
  return {
    sessionId,
    nodeId: 'test-node',
    final: false,
    reactionCounts,
    productClicks: [],
    peakViewers: 3,
    totalViewers: 3,
  };
}

describe('delivering batches the API limits or refuses', () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof startApiServer>>;
  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApiServer({
      config: testApiConfig(db.url, {
        BODY_LIMIT_BYTES: String(apiBodyLimitBytes),
        INTERNAL_BODY_LIMIT_BYTES: String(apiBodyLimitBytes),
      }),
      logger: pino({ level: 'silent' }),
      prisma: db.prisma,
    });
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it("gives up a totals item too large for the API, alone: the innocent session's totals in the same batch are stored", async () => {
    const node = await startNode(api.internalUrl);
    try {
      const flooded = await createSession(db.prisma);
      const innocent = await createSession(db.prisma);
      // ~80 KB of distinct reaction types: over the API's body limit on its own.
      const floodCounts = Object.fromEntries(
        Array.from({ length: 2_000 }, (_, index) => [`t${String(index).padStart(31, '0')}`, 1]),
      );
      node.outboxes.totals.enqueue([totalsFor(flooded.id, floodCounts), totalsFor(innocent.id, { heart: 50 })]);

      await waitFor(async () => (await node.health()).pendingDeliveries === 0, { what: 'the totals outbox to settle' });
      const stored = await db.prisma.session.findUniqueOrThrow({ where: { id: innocent.id } });
      expect(stored).toMatchObject({ reactionCounts: { heart: 50 }, totalViewers: 3 });
      const floodedRow = await db.prisma.session.findUniqueOrThrow({ where: { id: flooded.id } });
      expect(floodedRow.totalViewers).toBeNull();

      const health = await node.health();
      expect(health.droppedDeliveries).toBe(1);
      expect(health.outboxes.sessionTotals).toMatchObject({
        pending: 0,
        delivered: 1,
        givenUp: { bufferFull: 0, refused: 0, tooLarge: 1 },
      });
      expect(node.givenUpLogs()).toEqual([
        expect.objectContaining({ outbox: 'session-totals', reason: 'too_large', keys: [flooded.id] }),
      ]);
    } finally {
      await node.close();
    }
  });

  it('splits a batch larger than the API accepts and delivers every item', async () => {
    const node = await startNode(api.internalUrl);
    try {
      const session = await createSession(db.prisma);
      // 2,000 minutes after an outage: ~450 KB, seven times the API's limit.
      const backlog = Array.from({ length: 2_000 }, (_, index) => snapshotAt(session.id, index));
      node.outboxes.snapshots.enqueue(backlog);

      await waitFor(async () => (await node.health()).pendingDeliveries === 0, {
        timeoutMs: 15_000,
        what: 'the backlog to be delivered',
      });
      expect(await db.prisma.viewerSnapshot.count({ where: { sessionId: session.id } })).toBe(2_000);
      const health = await node.health();
      expect(health.droppedDeliveries).toBe(0);
      expect(health.outboxes.viewerSnapshots).toMatchObject({ delivered: 2_000, pending: 0 });
      expect(node.givenUpLogs()).toEqual([]);
    } finally {
      await node.close();
    }
  });

  it('delivers every other item of a batch in which the API refuses one, and counts the refused one', async () => {
    const node = await startNode(api.internalUrl);
    try {
      const session = await createSession(db.prisma);
      const batch = Array.from({ length: 40 }, (_, index) => snapshotAt(session.id, index));
      // Crafted invalid: a minimum above the peak fails the contract, so the API answers 400.
      const invalid = snapshotAt(session.id, 17, { minViewers: 9 });
      batch[17] = invalid;
      node.outboxes.snapshots.enqueue(batch);

      await waitFor(async () => (await node.health()).pendingDeliveries === 0, { what: 'the batch to settle' });
      const stored = await db.prisma.viewerSnapshot.findMany({ where: { sessionId: session.id } });
      expect(stored).toHaveLength(39);
      expect(stored.map((row) => row.minute.toISOString())).not.toContain(invalid.minute);
      const health = await node.health();
      expect(health.droppedDeliveries).toBe(1);
      expect(health.outboxes.viewerSnapshots.givenUp).toEqual({ bufferFull: 0, refused: 1, tooLarge: 0 });
      expect(node.givenUpLogs()).toEqual([
        expect.objectContaining({
          outbox: 'viewer-snapshots',
          reason: 'refused',
          keys: [`${session.id}|${invalid.minute}|test-node`],
        }),
      ]);
    } finally {
      await node.close();
    }
  });
});
