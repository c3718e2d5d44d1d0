import { createSession, createUser } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startStack, type TestStack, tokenFor } from './support/test-stack.ts';

describe('a NUL character (U+0000) in a socket payload', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('send-message acks validation_failed naming `message` — not service_unavailable, which invites retries', async () => {
    const session = await createSession(stack.db.prisma);
    const author = await createUser(stack.db.prisma, { role: 'user' });
    const watcher = await stack.connect();
    await watcher.emitWithAck('join-session', session.id);
    const delivered = collect(watcher, 'new-message');
    const socket = await stack.connect({ token: tokenFor(author.id) });
    await socket.emitWithAck('join-session', session.id);

    const ack = await socket.emitWithAck('send-message', { sessionId: session.id, message: 'hello\u0000world' });

    expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed', details: [{ field: 'message' }] } });
    expect(ack.error.message).toContain('NUL');
    // The socket still works, nothing was stored and nobody saw a message.
    const next = await socket.emitWithAck('send-message', { sessionId: session.id, message: 'hello world' });
    expect(next).toMatchObject({ ok: true });
    const stored = await stack.db.prisma.chatMessage.findMany({ where: { sessionId: session.id } });
    expect(stored.map((message) => message.message)).toEqual(['hello world']);
    await watcher.emitWithAck('join-session', session.id);
    expect(delivered.map((event) => (event as { message: string }).message)).toEqual(['hello world']);
  });
});
