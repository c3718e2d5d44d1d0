import { internalKeyHeader, internalPath, liveSessionStatsSchema, realtimeInternalRoutes } from '@showfloor/contracts';
import { createSession, createUser, testSecrets, waitFor } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, fetchJson, startStack, type TestStack, tokenFor } from './support/test-stack.ts';

describe('a tracked session seen ended without a broadcast, live reads, and abuse', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ realtimeEnv: { SESSION_FACTS_TTL_MS: '50' } });
  });
  afterAll(() => stack.close());

  it('serves a live session’s counters to the API, with watch time so far', async () => {
    const session = await createSession(stack.db.prisma);
    const user = await createUser(stack.db.prisma);
    const socket = await stack.connect({ token: tokenFor(user.id) });
    await socket.emitWithAck('join-session', session.id);
    await socket.emitWithAck('send-reaction', { sessionId: session.id, type: 'clap' });
    const url = `${stack.realtime.url}${internalPath(realtimeInternalRoutes.liveSession, { sessionId: session.id })}`;
    expect((await fetch(url)).status).toBe(401);
    const response = await fetch(url, { headers: { [internalKeyHeader]: testSecrets.internalApiKey } });
    const stats = liveSessionStatsSchema.parse(((await response.json()) as { data: unknown }).data);
    expect(stats).toMatchObject({
      sessionId: session.id,
      live: true,
      viewerCount: 1,
      reactions: { counts: { clap: 1 }, total: 1 },
    });
    expect(stats.viewers).toEqual([
      expect.objectContaining({ userId: user.id, guestId: null, watchDuration: expect.any(Number) }),
    ]);

    // The API's count reads leave the watching-now list out; the counters are the same.
    const countsOnly = await fetch(`${url}?viewers=false`, {
      headers: { [internalKeyHeader]: testSecrets.internalApiKey },
    });
    const counts = liveSessionStatsSchema.parse(((await countsOnly.json()) as { data: unknown }).data);
    expect(counts).toEqual({ ...stats, viewers: [] });
    const bad = await fetch(`${url}?viewers=maybe`, { headers: { [internalKeyHeader]: testSecrets.internalApiKey } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('viewers');
  });

  it('ends a stream whose session turned ended in the database: totals stored, stream-ended sent', async () => {
    const session = await createSession(stack.db.prisma);
    const socket = await stack.connect();
    await socket.emitWithAck('join-session', session.id);
    const ended = collect<unknown>(socket, 'stream-ended');
    await socket.emitWithAck('send-reaction', { sessionId: session.id, type: 'fire' });
    await stack.db.prisma.session.update({ where: { id: session.id }, data: { status: 'ended', endedAt: new Date() } });
    await waitFor(() => ended.length === 1, { what: 'stream-ended from the watcher', timeoutMs: 10_000 });
    const stored = await waitFor(
      async () => {
        const row = await stack.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
        return row.totalViewers === null ? undefined : row;
      },
      { what: 'final totals' },
    );
    expect(stored).toMatchObject({ reactionCounts: { fire: 1 }, totalViewers: 1, peakViewers: 1 });
  });

  it('disconnects a socket that sends more than the payload cap, leaving the room and its counts untouched', async () => {
    const session = await createSession(stack.db.prisma);
    const calm = await stack.connect();
    await calm.emitWithAck('join-session', session.id);
    const abuser = await stack.connect();
    await abuser.emitWithAck('join-session', session.id);
    const gone = new Promise((resolve) => abuser.once('disconnect', resolve));
    abuser.emit('send-reaction', { sessionId: session.id, type: 'like', junk: 'x'.repeat(64 * 1024) });
    await gone;
    expect(await calm.emitWithAck('send-reaction', { sessionId: session.id, type: 'like' })).toMatchObject({
      ok: true,
    });
    const stats = await fetchJson(
      `${stack.realtime.url}${internalPath(realtimeInternalRoutes.liveSession, { sessionId: session.id })}`,
      {
        headers: { [internalKeyHeader]: testSecrets.internalApiKey },
      },
    );
    expect(stats.data).toMatchObject({ viewerCount: 1, reactions: { counts: { like: 1 }, total: 1 } });
  });
});
