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

describe('showcase-product over the socket', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('lets only the creator showcase; the API saves it and the room hears it once', async () => {
    const creator = await createUser(stack.db.prisma, { role: 'creator' });
    const product = await stack.db.prisma.product.create({
      data: { sellerId: creator.id, name: 'Desk Lamp', price: '49.90', imageUrl: 'https://img.example/lamp.png' },
    });
    const session = await createSession(stack.db.prisma, {
      creatorId: creator.id,
      products: { create: [{ productId: product.id, displayOrder: 0 }] },
    });
    const viewer = await stack.connect();
    await viewer.emitWithAck('join-session', session.id);
    const showcased = collect<unknown>(viewer, 'product-showcased');
    const cleared = collect<unknown>(viewer, 'showcase-cleared');

    const intruder = await stack.connect({
      token: tokenFor((await createUser(stack.db.prisma, { role: 'creator' })).id, 'creator'),
    });
    await intruder.emitWithAck('join-session', session.id);
    expect(
      await intruder.emitWithAck('showcase-product', { sessionId: session.id, productId: product.id }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const owner = await stack.connect({ token: tokenFor(creator.id, 'creator') });
    await owner.emitWithAck('join-session', session.id);
    expect(await owner.emitWithAck('showcase-product', { sessionId: session.id, productId: product.id })).toEqual({
      ok: true,
      data: { sessionId: session.id, activeProductId: product.id },
    });
    await waitFor(() => showcased.length === 1, { what: 'product-showcased' });
    expect(showcased[0]).toEqual({
      sessionId: session.id,
      productId: product.id,
      product: {
        id: product.id,
        name: 'Desk Lamp',
        description: null,
        price: 49.9,
        imageUrl: 'https://img.example/lamp.png',
      },
    });
    expect((await stack.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } })).activeProductId).toBe(
      product.id,
    );

    await owner.emitWithAck('showcase-product', { sessionId: session.id, productId: null });
    await waitFor(() => cleared.length === 1, { what: 'showcase-cleared' });
    await viewer.emitWithAck('join-session', session.id);
    expect(showcased).toHaveLength(1);
    expect(cleared).toHaveLength(1);
  });
});
