import type { ChildProcess } from 'node:child_process';
import { createSession, type TestDatabase } from '@showfloor/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RealtimeProcess, startApiOnTestDatabase, startRealtimeProcess } from './support/realtime-process.ts';
import { connectSocket } from './support/test-stack.ts';

const checkpointMs = 500;
// A checkpoint taken just before the kill may still be on its way to PostgreSQL; on a loaded CI
// machine that can take a while, so the bound allows this much beyond one interval.
const deliverySlackMs = 1_500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGKILL', () => {
  let db: TestDatabase;
  let stack: Awaited<ReturnType<typeof startApiOnTestDatabase>>;
  const children: ChildProcess[] = [];
  const sockets: Socket[] = [];
  beforeAll(async () => {
    stack = await startApiOnTestDatabase();
    db = stack.db;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const child of children) child.kill('SIGKILL');
    await stack.close();
  });

  async function startNode(): Promise<RealtimeProcess> {
    const node = await startRealtimeProcess({
      apiInternalUrl: stack.api.internalUrl,
      nodeId: 'crash-node',
      env: { TOTALS_CHECKPOINT_MS: String(checkpointMs) },
    });
    children.push(node.child);
    return node;
  }

  const storedReactions = async (sessionId: string) => {
    const row = await db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    return Object.values(row.reactionCounts as Record<string, number>).reduce((sum, count) => sum + count, 0);
  };

  it('loses at most one checkpoint interval of acked reactions, and a restart continues from there', {
    timeout: 90_000,
  }, async () => {
    const session = await createSession(db.prisma);
    const first = await startNode();
    const viewers = await Promise.all(
      [1, 2, 3, 4].map((n) => connectSocket(first.url, { guestId: `7e0e3c1a-0000-4000-8000-00000000010${n}` })),
    );
    sockets.push(...viewers);
    for (const viewer of viewers) await viewer.emitWithAck('join-session', session.id);

    // Every viewer reacts about 8 times a second (under the 10/s limit); each ack's time is kept.
    const ackedAt: number[] = [];
    let sending = true;
    const senders = viewers.map(async (viewer) => {
      while (sending) {
        try {
          const answer = await viewer
            .timeout(1_000)
            .emitWithAck('send-reaction', { sessionId: session.id, type: 'wow' });
          if ((answer as { ok: boolean }).ok) ackedAt.push(Date.now());
        } catch {
          return; // the node is gone
        }
        await sleep(125);
      }
    });
    await sleep(3_200);
    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    await first.exited;
    sending = false;
    await Promise.all(senders);
    await sleep(500); // a checkpoint request already received may still commit

    const acked = ackedAt.length;
    const stored = await storedReactions(session.id);
    const ackedInLastInterval = ackedAt.filter((at) => at > killedAt - checkpointMs - deliverySlackMs).length;
    expect(acked).toBeGreaterThan(50);
    expect(stored).toBeLessThanOrEqual(acked);
    expect(acked - stored).toBeLessThanOrEqual(ackedInLastInterval);

    // The same NODE_ID picks up from its last checkpoint: one more reaction, a clean stop, and
    // PostgreSQL holds exactly one more.
    const second = await startNode();
    const viewer = await connectSocket(second.url, { guestId: '7e0e3c1a-0000-4000-8000-000000000109' });
    sockets.push(viewer);
    await viewer.emitWithAck('join-session', session.id);
    expect(await viewer.emitWithAck('send-reaction', { sessionId: session.id, type: 'wow' })).toMatchObject({
      ok: true,
    });
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(await storedReactions(session.id)).toBe(stored + 1);
  });
});
