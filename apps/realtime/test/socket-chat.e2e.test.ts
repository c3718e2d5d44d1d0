import { newMessageSchema } from '@showfloor/contracts';
import { createSession, createUser, waitFor } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startStack, type TestStack, tokenFor } from './support/test-stack.ts';

describe('send-message over the socket', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('persists through the API first, then the room gets new-message with the stored id — once', async () => {
    const session = await createSession(stack.db.prisma);
    const author = await createUser(stack.db.prisma, { role: 'user', name: 'Dana' });
    const watcher = await stack.connect();
    await watcher.emitWithAck('join-session', session.id);
    const messages = collect<unknown>(watcher, 'new-message');
    const socket = await stack.connect({ token: tokenFor(author.id) });
    await socket.emitWithAck('join-session', session.id);

    const ack = await socket.emitWithAck('send-message', {
      sessionId: session.id,
      message: '  hello room  ',
      userId: 'spoofed',
      userName: 'Mallory',
    });
    expect(ack).toMatchObject({ ok: true, data: { id: expect.any(String) } });
    await waitFor(() => messages.length === 1, { what: 'new-message' });
    const received = newMessageSchema.parse(messages[0]);
    expect(received).toMatchObject({
      id: ack.data.id,
      message: 'hello room',
      userId: author.id,
      userName: 'Dana',
      sessionId: session.id,
    });
    const stored = await stack.db.prisma.chatMessage.findUniqueOrThrow({ where: { id: ack.data.id } });
    expect(stored).toMatchObject({ userId: author.id, message: 'hello room' });
    // A round trip later, still exactly one delivery (the API did not broadcast it a second time).
    await watcher.emitWithAck('join-session', session.id);
    expect(messages).toHaveLength(1);
  });

  it('refuses guests, empty and oversized messages, writing nothing', async () => {
    const session = await createSession(stack.db.prisma);
    const guest = await stack.connect();
    await guest.emitWithAck('join-session', session.id);
    expect(await guest.emitWithAck('send-message', { sessionId: session.id, message: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    const user = await createUser(stack.db.prisma, { role: 'user' });
    const socket = await stack.connect({ token: tokenFor(user.id) });
    await socket.emitWithAck('join-session', session.id);
    for (const message of ['   ', 'x'.repeat(501)]) {
      expect(await socket.emitWithAck('send-message', { sessionId: session.id, message })).toMatchObject({
        ok: false,
        error: { code: 'validation_failed', details: [{ field: 'message' }] },
      });
    }
    expect(await stack.db.prisma.chatMessage.count({ where: { sessionId: session.id } })).toBe(0);
  });

  it("passes the API's per-user rate limit on as a rate_limited ack", async () => {
    const session = await createSession(stack.db.prisma);
    const user = await createUser(stack.db.prisma, { role: 'user' });
    const socket = await stack.connect({ token: tokenFor(user.id) });
    await socket.emitWithAck('join-session', session.id);
    const acks = [];
    for (let i = 0; i < 12; i++)
      acks.push(await socket.emitWithAck('send-message', { sessionId: session.id, message: `m${i}` }));
    expect(acks.filter((ack) => ack.ok)).toHaveLength(10);
    expect(acks.at(-1)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });
});
