import { createSession, createUser, waitFor } from '@showfloor/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startStack, type TestStack, tokenFor } from './support/test-stack.ts';

describe('milestone notifications: a live session crosses 10 viewers', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ realtimeEnv: { COUNT_BROADCAST_MS: '20' } });
  });
  afterAll(() => stack.close());

  const milestonesOf = (userId: string) =>
    stack.db.prisma.notification.findMany({ where: { userId, type: 'milestone' }, orderBy: { createdAt: 'asc' } });

  async function viewers(sessionId: string, count: number): Promise<Socket[]> {
    return Promise.all(
      Array.from({ length: count }, async () => {
        const socket = await stack.connect();
        const ack = await socket.emitWithAck('join-session', { sessionId });
        expect(ack.ok).toBe(true);
        return socket;
      }),
    );
  }

  it('notifies the creator once, pushed to their open tab, however the count wobbles around 10', async () => {
    const creator = await createUser(stack.db.prisma, { role: 'creator' });
    const session = await createSession(stack.db.prisma, { creatorId: creator.id, title: 'Vintage cameras' });
    // The creator's console: in the room as its publisher (hears viewer-count), and in their own user room.
    const creatorTab = await stack.connect({ token: tokenFor(creator.id, 'creator') });
    await creatorTab.emitWithAck('join-session', { sessionId: session.id });
    const counts = collect<number>(creatorTab, 'viewer-count');
    const shows = (count: number) => waitFor(() => counts.at(-1) === count, { what: `${count} viewers` });
    const pushed = new Promise<{ notification: { type: string; title: string } }>((resolve) =>
      creatorTab.once('notification:received', resolve),
    );

    const crowd = await viewers(session.id, 10);
    expect((await pushed).notification).toMatchObject({ type: 'milestone', title: '10 watching at once!' });

    // 10 → 9 → 10 → 9 → 10: still one notification for this crossing.
    for (let wobble = 0; wobble < 2; wobble++) {
      crowd.pop()?.disconnect();
      await shows(9);
      crowd.push(...(await viewers(session.id, 1)));
      await shows(10);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stored = await milestonesOf(creator.id);
    expect(stored.map((notification) => notification.title)).toEqual(['10 watching at once!']);
    expect(stored[0]?.data).toMatchObject({ sessionId: session.id, kind: 'viewers', threshold: 10 });
  });

  it('arrives once after an API outage, when the crossing happened while the API was down', async () => {
    const creator = await createUser(stack.db.prisma, { role: 'creator' });
    const session = await createSession(stack.db.prisma, { creatorId: creator.id, title: 'Film stock' });
    // The session's facts are read at the first join: the console joins while the API answers.
    const console = await stack.connect({ token: tokenFor(creator.id, 'creator') });
    await console.emitWithAck('join-session', { sessionId: session.id });
    const counts = collect<number>(console, 'viewer-count');
    await stack.stopApi();
    try {
      await viewers(session.id, 10);
      await waitFor(() => counts.at(-1) === 10, { what: '10 viewers' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await milestonesOf(creator.id)).toEqual([]);
    } finally {
      await stack.restartApi();
    }
    await waitFor(async () => (await milestonesOf(creator.id)).length === 1, {
      what: 'the milestone after recovery',
      timeoutMs: 10_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await milestonesOf(creator.id)).toHaveLength(1);
  });
});
