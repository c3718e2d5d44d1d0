import { internalKeyHeader, realtimeInternalRoutes } from '@showfloor/contracts';
import { createSession, testSecrets } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from './support/test-stack.ts';

let sessionId: string;
let otherSessionId: string;

describe('POST /internal/broadcast', () => {
  let stack: TestStack;
  let realtime: TestStack['realtime'] & { connect: TestStack['connect'] };
  beforeAll(async () => {
    stack = await startStack();
    realtime = { ...stack.realtime, connect: stack.connect };
    sessionId = (await createSession(stack.db.prisma)).id;
    otherSessionId = (await createSession(stack.db.prisma)).id;
  });
  afterAll(() => stack.close());

  const broadcast = (body: unknown, key: string | null = testSecrets.internalApiKey) =>
    fetch(`${realtime.url}${realtimeInternalRoutes.broadcast}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { [internalKeyHeader]: key }) },
      body: JSON.stringify(body),
    });

  const streamStartedFor = () => ({
    event: 'stream-started',
    payload: { sessionId, channelName: sessionId, status: 'live', startedAt: '2026-11-23T10:00:00.000Z' },
  });

  it('emits the event to every socket in the session room, and only that room', async () => {
    const streamStarted = streamStartedFor();
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
    expect(await response.json()).toEqual({ success: true, data: { recipients: 1, delivered: true } });
    expect(await received).toEqual(streamStarted.payload);
    await viewer.emitWithAck('leave-session', sessionId); // a round trip: anything for the bystander has arrived
    expect(bystanderGotIt).toBe(false);
  });

  it.each([
    ['missing', null],
    ['wrong', 'x'.repeat(40)],
  ])('refuses a %s internal key with 401', async (_name, key) => {
    const response = await broadcast(streamStartedFor(), key);
    expect(response.status).toBe(401);
  });

  it('refuses an event outside the contract with 400 naming the field', async () => {
    const streamStarted = streamStartedFor();
    const response = await broadcast({
      event: 'stream-started',
      payload: { ...streamStarted.payload, status: 'paused' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { details: { field: string }[] } };
    expect(body.error.details.map((detail: { field: string }) => detail.field)).toContain('payload.status');
    expect((await broadcast({ event: 'self-destruct', payload: {} })).status).toBe(400);
  });
});
