import { joinSessionResultSchema } from '@showfloor/contracts';
import { createSession, createUser, waitFor } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startStack, type TestStack, tokenFor } from './support/test-stack.ts';

describe('who is connected, and who is counted', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ realtimeEnv: { COUNT_BROADCAST_MS: '20' } });
  });
  afterAll(() => stack.close());

  it('refuses a handshake with an invalid token instead of downgrading it to a guest', async () => {
    const error = await stack.connect({ token: 'not-a-token' }).then(
      () => undefined,
      (refusal: Error & { data?: { code: string } }) => refusal,
    );
    expect(error?.data?.code).toBe('unauthorized');
  });

  it('answers join-session for an unknown session or a malformed id with an error ack', async () => {
    const socket = await stack.connect();
    expect(
      await socket.emitWithAck('join-session', { sessionId: '00000000-0000-4000-8000-000000000000' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const malformed = await socket.emitWithAck('join-session', { sessionId: 'nope' });
    expect(malformed).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', details: [{ field: 'sessionId' }] },
    });
  });

  it('plays the seed scenarios: publisher not counted, viewer counted, reload deduplicated, other creator counted', async () => {
    const creator = await createUser(stack.db.prisma, { role: 'creator' });
    const otherCreator = await createUser(stack.db.prisma, { role: 'creator' });
    const viewer = await createUser(stack.db.prisma, { role: 'user' });
    const session = await createSession(stack.db.prisma, { creatorId: creator.id });
    const join = async (token: string) => {
      const socket = await stack.connect({ token });
      return { socket, ack: await socket.emitWithAck('join-session', { sessionId: session.id, userId: 'ignored' }) };
    };

    const publisher = await join(tokenFor(creator.id, 'creator'));
    expect(joinSessionResultSchema.parse(publisher.ack.data)).toEqual({
      sessionId: session.id,
      role: 'publisher',
      viewerCount: 0,
    });
    const counts = collect<number>(publisher.socket, 'viewer-count');

    expect((await join(tokenFor(viewer.id))).ack.data).toMatchObject({ role: 'subscriber', viewerCount: 1 });
    expect((await join(tokenFor(viewer.id))).ack.data).toMatchObject({ role: 'subscriber', viewerCount: 1 }); // reload
    expect((await join(tokenFor(otherCreator.id, 'creator'))).ack.data).toMatchObject({
      role: 'subscriber',
      viewerCount: 2,
    });
    await waitFor(() => counts.at(-1) === 2, { what: 'viewer-count 2' });

    // View records: the reload closed the first view; the publisher is recorded as such.
    const views = await waitFor(
      async () => {
        const rows = await stack.db.prisma.sessionView.findMany({
          where: { sessionId: session.id },
          orderBy: { joinedAt: 'asc' },
        });
        return rows.length === 4 ? rows : undefined;
      },
      { what: 'four view records' },
    );
    expect(views.map((view) => view.role).sort()).toEqual(['publisher', 'subscriber', 'subscriber', 'subscriber']);
    const viewerViews = views.filter((view) => view.userId === viewer.id);
    expect(viewerViews.filter((view) => view.leftAt !== null)).toHaveLength(1);
  });

  it('seed 000 multi-tab: three guests → 3, one closes → 2; the closed view is recorded with its duration', async () => {
    const session = await createSession(stack.db.prisma);
    const watcher = await stack.connect({ guestId: '3f0e3c1a-0000-4000-8000-000000000001' });
    const counts = collect<number>(watcher, 'viewer-count');
    await watcher.emitWithAck('join-session', session.id);
    const tab2 = await stack.connect({ guestId: '3f0e3c1a-0000-4000-8000-000000000002' });
    await tab2.emitWithAck('join-session', session.id);
    const tab3 = await stack.connect({ guestId: '3f0e3c1a-0000-4000-8000-000000000003' });
    expect((await tab3.emitWithAck('join-session', session.id)).data.viewerCount).toBe(3);
    await waitFor(() => counts.at(-1) === 3, { what: 'viewer-count 3' });
    tab3.disconnect();
    await waitFor(() => counts.at(-1) === 2, { what: 'viewer-count 2' });
    const closed = await waitFor(
      () =>
        stack.db.prisma.sessionView
          .findFirst({
            where: { sessionId: session.id, guestId: '3f0e3c1a-0000-4000-8000-000000000003', leftAt: { not: null } },
          })
          .then((row) => row ?? undefined),
      { what: 'the closed view' },
    );
    expect(closed.watchDuration).toBeGreaterThanOrEqual(0);
    expect(closed.role).toBe('subscriber');
  });

  it('refuses events for a session the socket has not joined, leaving the room untouched', async () => {
    const session = await createSession(stack.db.prisma);
    const outsider = await stack.connect();
    expect(await outsider.emitWithAck('send-reaction', { sessionId: session.id, type: 'like' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('ignores unknown events and survives oversized payloads', async () => {
    const session = await createSession(stack.db.prisma);
    const socket = await stack.connect();
    socket.emit('self-destruct' as never, { now: true });
    const huge = await socket.emitWithAck('join-session', { sessionId: session.id, padding: 'x'.repeat(2_000) });
    expect(huge).toMatchObject({ ok: true });
    const health = await (await fetch(`${stack.realtime.url}/health`)).json();
    expect(health).toMatchObject({ status: 'ok' });
  });
});
