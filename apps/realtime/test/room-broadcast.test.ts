import { internalKeyHeader, realtimeInternalRoutes } from '@showfloor/contracts';
import { findFreePort, testSecrets } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRealtime } from './support/test-services.ts';

const sessionId = '0b7f3c7e-1d2a-4a8e-9c55-3f1e2d4c5b6a';
const otherSessionId = '7c2d9e4f-5a6b-4c3d-8e1f-0a9b8c7d6e5f';

describe('POST /internal/broadcast', () => {
  let realtime: Awaited<ReturnType<typeof startTestRealtime>>;
  beforeAll(async () => {
    realtime = await startTestRealtime({ apiUrl: `http://127.0.0.1:${await findFreePort()}` });
  });
  afterAll(() => realtime.close());

  const broadcast = (body: unknown, key: string | null = testSecrets.internalApiKey) =>
    fetch(`${realtime.url}${realtimeInternalRoutes.broadcast}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { [internalKeyHeader]: key }) },
      body: JSON.stringify(body),
    });

  const streamStarted = {
    event: 'stream-started',
    payload: { sessionId, channelName: sessionId, status: 'live', startedAt: '2026-11-23T10:00:00.000Z' },
  };

  it('emits the event to every socket in the session room, and only that room', async () => {
    const viewer = await realtime.connect();
    const bystander = await realtime.connect();
    await viewer.emitWithAck('join-session', { sessionId });
    await bystander.emitWithAck('join-session', { sessionId: otherSessionId });
    const received = new Promise((resolve) => viewer.once('stream-started', resolve));
    let bystanderGotIt = false;
    bystander.on('stream-started', () => {
      bystanderGotIt = true;
    });

    const response = await broadcast(streamStarted);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: true, data: { recipients: 1 } });
    expect(await received).toEqual(streamStarted.payload);
    await viewer.emitWithAck('leave-session', sessionId); // a round trip: anything for the bystander has arrived
    expect(bystanderGotIt).toBe(false);
  });

  it.each([
    ['missing', null],
    ['wrong', 'x'.repeat(40)],
  ])('refuses a %s internal key with 401', async (_name, key) => {
    const response = await broadcast(streamStarted, key);
    expect(response.status).toBe(401);
  });

  it('refuses an event outside the contract with 400 naming the field', async () => {
    const response = await broadcast({
      event: 'stream-started',
      payload: { ...streamStarted.payload, status: 'paused' },
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.details.map((detail: { field: string }) => detail.field)).toContain('payload.status');
    expect((await broadcast({ event: 'self-destruct', payload: {} })).status).toBe(400);
  });
});
