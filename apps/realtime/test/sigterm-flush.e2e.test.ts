import type { ChildProcess } from 'node:child_process';
import { createSession, createUser, type TestDatabase } from '@showfloor/testing';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiOnTestDatabase, startRealtimeProcess } from './support/realtime-process.ts';

describe('SIGTERM', () => {
  let db: TestDatabase;
  let stack: Awaited<ReturnType<typeof startApiOnTestDatabase>>;
  let child: ChildProcess | undefined;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    stack = await startApiOnTestDatabase();
    db = stack.db;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    child?.kill('SIGKILL');
    await stack.close();
  });

  it('stops taking connections, flushes every count to PostgreSQL, then exits 0', { timeout: 60_000 }, async () => {
    const creator = await createUser(db.prisma, { role: 'creator' });
    const product = await db.prisma.product.create({ data: { sellerId: creator.id, name: 'Lamp', price: '20.00' } });
    const session = await createSession(db.prisma, {
      creatorId: creator.id,
      products: { create: [{ productId: product.id, displayOrder: 0 }] },
    });
    const node = await startRealtimeProcess({
      apiInternalUrl: stack.api.internalUrl,
      nodeId: 'sigterm-node',
      env: { SAMPLE_INTERVAL_MS: '100', SNAPSHOT_INTERVAL_MS: '60000' },
    });
    child = node.child;
    const url = node.url;

    for (const guest of ['1', '2']) {
      const socket = io(url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: { guestId: `7e0e3c1a-0000-4000-8000-00000000000${guest}` },
      });
      sockets.push(socket);
      await socket.emitWithAck('join-session', session.id);
    }
    const [first, second] = sockets;
    for (const type of ['wow', 'wow', 'clap'])
      await first?.emitWithAck('send-reaction', { sessionId: session.id, type });
    await second?.emitWithAck('send-reaction', { sessionId: session.id, type: 'wow' });
    await first?.emitWithAck('track-product-click', { sessionId: session.id, productId: product.id });
    await second?.emitWithAck('track-product-click', { sessionId: session.id, productId: product.id });
    await new Promise((resolve) => setTimeout(resolve, 350)); // a few 100 ms samples

    child.kill('SIGTERM');
    expect((await node.exited).code).toBe(0);

    const stored = await db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(stored).toMatchObject({ reactionCounts: { wow: 3, clap: 1 }, peakViewers: 2, totalViewers: 2 });
    expect(await db.prisma.productClickStat.findFirst({ where: { sessionId: session.id } })).toMatchObject({
      productId: product.id,
      uniqueClicks: 2,
      totalClicks: 2,
      clickThroughRate: 100,
    });
    expect(await db.prisma.sessionView.count({ where: { sessionId: session.id, leftAt: null } })).toBe(0);
    expect(await db.prisma.sessionView.count({ where: { sessionId: session.id } })).toBe(2);
    const snapshot = await db.prisma.viewerSnapshot.findFirst({
      where: { sessionId: session.id, nodeId: 'sigterm-node' },
    });
    expect(snapshot?.sampleCount).toBeGreaterThan(0);
    expect(snapshot?.peakViewers).toBe(2);
  });
});
