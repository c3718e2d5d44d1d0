import { createSession, createTestDatabase, ManualClock, type TestDatabase, waitFor } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningApi, startTestRealtime } from './support/test-services.ts';

const minute = 60_000;
const sample = 5_000;
const windowStart = Date.UTC(2026, 10, 23, 10, 0);

describe('minute viewer snapshots, from sockets to PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('samples every 5 s and stores the minute with the right last, avg, peak, min and sample count', async () => {
    const api = await startListeningApi(db);
    const clock = new ManualClock(windowStart);
    const realtime = await startTestRealtime({ apiUrl: api.internalUrl, clock });
    try {
      const session = await createSession(db.prisma);
      const sockets = await Promise.all([realtime.connect(), realtime.connect(), realtime.connect()]);
      for (const socket of sockets) {
        const ack = await socket.emitWithAck('join-session', { sessionId: session.id });
        expect(ack).toMatchObject({ ok: true, data: { sessionId: session.id } });
      }
      await clock.advance(sample); // 10:00:05 → 3 viewers
      expect(await sockets[2]?.emitWithAck('leave-session', session.id)).toEqual({
        ok: true,
        data: { sessionId: session.id },
      });
      await clock.advance(minute - 2 * sample); // 10:00:10 … 10:00:55 → 2 viewers, 10 samples
      expect(await db.prisma.viewerSnapshot.count()).toBe(0);
      await clock.advance(sample); // 10:01:00 closes the window

      const stored = await waitFor(
        () => db.prisma.viewerSnapshot.findFirst({ where: { sessionId: session.id } }).then((row) => row ?? undefined),
        {
          what: 'the snapshot row',
        },
      );
      expect(stored).toMatchObject({
        minute: new Date(windowStart),
        nodeId: 'test-node',
        viewerCount: 2,
        peakViewers: 3,
        minViewers: 2,
        sampleCount: 11,
      });
      expect(stored.avgViewers).toBeCloseTo(23 / 11, 2);
    } finally {
      await realtime.close();
      await api.close();
    }
  });

  it('stores nothing for a session with viewer analytics off', async () => {
    const api = await startListeningApi(db);
    const clock = new ManualClock(windowStart);
    const realtime = await startTestRealtime({ apiUrl: api.internalUrl, clock });
    try {
      const session = await createSession(db.prisma, { enableViewerAnalytics: false });
      const socket = await realtime.connect();
      await socket.emitWithAck('join-session', { sessionId: session.id });
      await clock.advance(minute + sample);
      await waitFor(() => realtime.realtime.outboxes.snapshots.getStats().delivered === 1, { what: 'the delivery' });
      expect(await db.prisma.viewerSnapshot.count({ where: { sessionId: session.id } })).toBe(0);
    } finally {
      await realtime.close();
      await api.close();
    }
  });

  it('keeps the snapshot while the API is down and delivers it exactly once when it is back', async () => {
    const { findFreePort } = await import('@showfloor/testing');
    const port = await findFreePort();
    // Starting just before the minute puts a tick on 10:00:00: a full minute of 12 samples.
    const clock = new ManualClock(windowStart - 1);
    const realtime = await startTestRealtime({ apiUrl: `http://127.0.0.1:${port}`, clock });
    const session = await createSession(db.prisma);
    let api: Awaited<ReturnType<typeof startListeningApi>> | undefined = await startListeningApi(db, port);
    try {
      const socket = await realtime.connect();
      await socket.emitWithAck('join-session', { sessionId: session.id });
      await api.close(); // the API goes down mid-stream
      api = undefined;
      await clock.advance(minute + sample);
      const outbox = realtime.realtime.outboxes.snapshots;
      await waitFor(() => outbox.getStats().failedAttempts >= 1, { what: 'a failed delivery' });
      await clock.advance(1_000); // a retry while still down
      await waitFor(() => outbox.getStats().failedAttempts >= 2, { what: 'a second failed delivery' });
      expect(outbox.getStats()).toMatchObject({
        pending: 1,
        delivered: 0,
        givenUp: { bufferFull: 0, refused: 0, tooLarge: 0 },
      });

      api = await startListeningApi(db, port);
      // Retries run on the manual clock, and under CI load the first one against the fresh API can
      // fail too: keep the clock moving (a second at a time, well short of the next minute's
      // snapshot) until a retry gets through.
      await waitFor(
        async () => {
          if (outbox.getStats().delivered === 1) return true;
          await clock.advance(1_000);
          return false;
        },
        { what: 'the retried delivery', timeoutMs: 15_000, intervalMs: 500 },
      );
      await clock.advance(5_000);
      expect(outbox.getStats()).toMatchObject({
        pending: 0,
        delivered: 1,
        givenUp: { bufferFull: 0, refused: 0, tooLarge: 0 },
      });
      const rows = await db.prisma.viewerSnapshot.findMany({ where: { sessionId: session.id } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ viewerCount: 1, sampleCount: 12, minute: new Date(windowStart) });
    } finally {
      await realtime.close();
      await api?.close();
    }
  });

  it('flushes the partial minute on shutdown', async () => {
    const api = await startListeningApi(db);
    const clock = new ManualClock(windowStart);
    const realtime = await startTestRealtime({ apiUrl: api.internalUrl, clock });
    const session = await createSession(db.prisma);
    try {
      const socket = await realtime.connect();
      await socket.emitWithAck('join-session', { sessionId: session.id });
      await clock.advance(3 * sample);
    } finally {
      await realtime.close();
      await api.close();
    }
    const rows = await db.prisma.viewerSnapshot.findMany({ where: { sessionId: session.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sampleCount: 3, peakViewers: 1 });
  });
});
