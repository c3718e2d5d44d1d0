import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@showfloor/server-kit';
import { createSession, testRealtimeConfig, waitFor } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer } from '../src/server.ts';
import { startStack, type TestStack } from './support/test-stack.ts';

describe('undelivered data survives a restart on disk', () => {
  const spoolDir = mkdtempSync(join(tmpdir(), 'showfloor-spool-'));
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      realtimeEnv: { SPOOL_DIR: spoolDir, SHUTDOWN_FLUSH_TIMEOUT_MS: '300', NODE_ID: 'spool-node' },
    });
  });
  afterAll(async () => {
    await stack.close();
    rmSync(spoolDir, { recursive: true, force: true });
  });

  it('spools what the API could not take at shutdown, and the next start delivers it', async () => {
    const session = await createSession(stack.db.prisma);
    const viewer = await stack.connect({ guestId: '8e0e3c1a-0000-4000-8000-00000000000c' });
    await viewer.emitWithAck('join-session', session.id);
    for (let i = 0; i < 3; i++) await viewer.emitWithAck('send-reaction', { sessionId: session.id, type: 'love' });

    await stack.stopApi();
    await stack.realtime.close(); // the API is down: the checkpoint and the closed view cannot be delivered
    // (a partial-minute snapshot joins them when a 5 s sample was taken meanwhile)
    expect(readdirSync(spoolDir)).toEqual(
      expect.arrayContaining(['spool-node.session-totals.json', 'spool-node.session-views.json']),
    );

    await stack.restartApi();
    const config = testRealtimeConfig({ API_INTERNAL_URL: stack.apiUrl, SPOOL_DIR: spoolDir, NODE_ID: 'spool-node' });
    const next = await startRealtimeServer({ config, logger: createLogger({ name: 'next', level: 'silent' }) });
    try {
      const stored = await waitFor(
        async () => {
          const row = await stack.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
          return row.totalViewers === null ? undefined : row;
        },
        { what: 'the spooled totals' },
      );
      expect(stored.reactionCounts).toEqual({ love: 3 });
      // The open view reached the API before it went down; the spooled copy is the closed one.
      const view = await waitFor(
        () =>
          stack.db.prisma.sessionView
            .findFirst({ where: { sessionId: session.id, leftAt: { not: null } } })
            .then((row) => row ?? undefined),
        { what: 'the spooled closed view' },
      );
      expect(view.watchDuration).not.toBeNull();
      expect(existsSync(join(spoolDir, 'spool-node.session-totals.json'))).toBe(false);
    } finally {
      await next.close();
    }
  });
});
