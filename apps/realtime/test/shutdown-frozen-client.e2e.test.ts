import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSession, type TestDatabase, waitFor } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiOnTestDatabase, startRealtimeProcess } from './support/realtime-process.ts';
import { connectSocket } from './support/test-stack.ts';

const heldViewerScript = fileURLToPath(new URL('./support/held-viewer.ts', import.meta.url));

// docker-compose gives the container 20 s between SIGTERM and SIGKILL; the issue asks for < 10 s.
const shutdownBudgetMs = 10_000;

describe('shutdown with a frozen client', () => {
  let db: TestDatabase;
  let stack: Awaited<ReturnType<typeof startApiOnTestDatabase>>;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    stack = await startApiOnTestDatabase();
    db = stack.db;
  });
  afterAll(async () => {
    for (const child of children) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
    await stack.close();
  });

  it('checkpoints, closes every view and exits within 10 s though one client never answers', {
    timeout: 90_000,
  }, async () => {
    const session = await createSession(db.prisma);
    const {
      url,
      child: realtime,
      exited,
    } = await startRealtimeProcess({
      apiInternalUrl: stack.api.internalUrl,
      nodeId: 'frozen-client-node',
    });
    children.push(realtime);

    // The frozen viewer: its own process, joined, three reactions acked, then stopped dead.
    const held = fork(heldViewerScript, [url, session.id, '7e0e3c1a-0000-4000-8000-0000000000f1', '3'], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    children.push(held);
    const report = await new Promise<{ ready: boolean; acked?: number }>((resolve) => held.once('message', resolve));
    expect(report).toEqual({ ready: true, acked: 3 });

    const lively = await connectSocket(url, { guestId: '7e0e3c1a-0000-4000-8000-0000000000f2' });
    await lively.emitWithAck('join-session', session.id);
    for (let i = 0; i < 2; i++) await lively.emitWithAck('send-reaction', { sessionId: session.id, type: 'clap' });
    await waitFor(
      async () => (await db.prisma.sessionView.count({ where: { sessionId: session.id, leftAt: null } })) === 2,
      { what: 'both open views in PostgreSQL' },
    );

    held.kill('SIGSTOP');
    const signalledAt = Date.now();
    realtime.kill('SIGTERM');

    const checkpointedAt = await waitFor(
      async () => {
        const row = await db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
        const counts = row.reactionCounts as Record<string, number>;
        return counts.wow === 3 && counts.clap === 2 ? Date.now() : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 50, what: 'the checkpoint in PostgreSQL' },
    );
    const exit = await exited;
    lively.disconnect();

    expect(exit.code).toBe(0);
    expect(checkpointedAt - signalledAt).toBeLessThan(shutdownBudgetMs);
    expect(exit.at - signalledAt).toBeLessThan(shutdownBudgetMs);
    // Both viewers' views closed, the frozen one's included.
    expect(await db.prisma.sessionView.count({ where: { sessionId: session.id, leftAt: null } })).toBe(0);
    expect(await db.prisma.sessionView.count({ where: { sessionId: session.id } })).toBe(2);
  });
});
