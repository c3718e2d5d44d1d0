import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startApiServer } from '@showfloor/api';
import { createLogger } from '@showfloor/server-kit';
import {
  createSession,
  createTestDatabase,
  createUser,
  findFreePort,
  type TestDatabase,
  testApiConfig,
  testSecrets,
  waitFor,
} from '@showfloor/testing';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const mainScript = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describe('SIGTERM', () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof startApiServer>>;
  let child: ChildProcess | undefined;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApiServer({
      config: testApiConfig(db.url),
      logger: createLogger({ name: 'api', level: 'silent' }),
      prisma: db.prisma,
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    child?.kill('SIGKILL');
    await api.close();
    await db.drop();
  });

  it('stops taking connections, flushes every count to PostgreSQL, then exits 0', { timeout: 60_000 }, async () => {
    const creator = await createUser(db.prisma, { role: 'creator' });
    const product = await db.prisma.product.create({ data: { sellerId: creator.id, name: 'Lamp', price: '20.00' } });
    const session = await createSession(db.prisma, {
      creatorId: creator.id,
      products: { create: [{ productId: product.id, displayOrder: 0 }] },
    });
    const port = await findFreePort();
    child = spawn(process.execPath, ['--import', 'tsx', mainScript], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        API_INTERNAL_URL: api.internalUrl,
        INTERNAL_API_KEY: testSecrets.internalApiKey,
        JWT_SECRET: testSecrets.jwtSecret,
        NODE_ID: 'sigterm-node',
        LOG_LEVEL: 'silent',
        SAMPLE_INTERVAL_MS: '100',
        SNAPSHOT_INTERVAL_MS: '60000',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    await waitFor(() => fetch(`${url}/health`).then((response) => response.ok), {
      timeoutMs: 40_000,
      what: 'the realtime process',
    });

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
    expect(await exited).toBe(0);

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
