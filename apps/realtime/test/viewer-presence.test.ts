import { findFreePort } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRealtime } from './support/test-services.ts';

const sessionId = '5b0c6f1e-8a55-4c33-9d2a-6f1f7f0d9a11';

describe('join-session / leave-session over real sockets', () => {
  let realtime: Awaited<ReturnType<typeof startTestRealtime>>;
  beforeAll(async () => {
    // No API is needed to count viewers; nothing is flushed during these tests.
    realtime = await startTestRealtime({ apiUrl: `http://127.0.0.1:${await findFreePort()}` });
  });
  afterAll(() => realtime.close());

  it('broadcasts viewer-count to the room as tabs join and close (seed 000 multi-tab script)', async () => {
    const watcher = await realtime.connect();
    const counts: number[] = [];
    watcher.on('viewer-count', (count: number) => counts.push(count));
    await watcher.emitWithAck('join-session', { sessionId });
    const tab2 = await realtime.connect();
    await tab2.emitWithAck('join-session', sessionId);
    const tab3 = await realtime.connect();
    const ack = await tab3.emitWithAck('join-session', { sessionId, userId: 'ignored' });
    expect(ack).toEqual({ ok: true, data: { sessionId, viewerCount: 3 } });
    tab3.disconnect();
    await new Promise<void>((resolve) => {
      const check = () => (counts.at(-1) === 2 ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(counts).toEqual([1, 2, 3, 2]);
  });

  it('answers a malformed payload with an error ack naming the field', async () => {
    const socket = await realtime.connect();
    const ack = await socket.emitWithAck('join-session', { sessionId: 'not-a-uuid' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(ack.error.details.map((detail: { field: string }) => detail.field)).toContain('sessionId');
  });

  it('reports itself healthy with its node id and connection count', async () => {
    const response = await fetch(`${realtime.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', nodeId: 'test-node', pendingDeliveries: 0 });
  });
});
