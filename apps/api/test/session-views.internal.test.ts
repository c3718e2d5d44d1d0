import { randomUUID } from 'node:crypto';
import { apiInternalRoutes, internalKeyHeader, type SessionViewRecord } from '@showfloor/contracts';
import { createSession, createUser, testSecrets } from '@showfloor/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.ts';

const url = apiInternalRoutes.sessionViews;
const headers = { [internalKeyHeader]: testSecrets.internalApiKey };
const unknownSessionId = '00000000-0000-4000-8000-000000000000';
const joinedAt = '2026-11-23T10:00:00.000Z';
const leftAt = '2026-11-23T10:02:05.000Z';

/** A guest's open view; `closed` gives the copy sent when they leave. */
function openView(sessionId: string, overrides: Partial<SessionViewRecord> = {}): SessionViewRecord {
  const guestId = randomUUID();
  return {
    id: randomUUID(),
    sessionId,
    viewerKey: `guest:${guestId}`,
    userId: null,
    guestId,
    role: 'subscriber',
    socketId: `socket-${guestId.slice(0, 8)}`,
    joinedAt,
    leftAt: null,
    watchDuration: null,
    ...overrides,
  };
}

function closed(view: SessionViewRecord, at = leftAt, watchDuration = 125): SessionViewRecord {
  return { ...view, leftAt: at, watchDuration };
}

describe('POST /internal/session-views', () => {
  let api: TestApi;
  let sessionId: string;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());
  beforeEach(async () => {
    await api.db.prisma.sessionView.deleteMany();
    sessionId = (await createSession(api.db.prisma)).id;
  });

  const post = (payload: unknown, extraHeaders: Record<string, string> = headers) =>
    api.app.inject({ method: 'POST', url, headers: extraHeaders, payload: payload as object });
  const stored = (id: string) => api.db.prisma.sessionView.findUniqueOrThrow({ where: { id } });

  it('stores an open view with every field, then records its close', async () => {
    const viewer = await createUser(api.db.prisma, { role: 'user' });
    const view = openView(sessionId, {
      viewerKey: `user:${viewer.id}`,
      userId: viewer.id,
      guestId: null,
      socketId: 'socket-abc',
    });

    const opened = await post({ views: [view] });
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toEqual({ success: true, data: { received: 1, saved: 1, skipped: 0 } });
    expect(await stored(view.id)).toMatchObject({
      sessionId,
      viewerKey: `user:${viewer.id}`,
      userId: viewer.id,
      guestId: null,
      role: 'subscriber',
      socketId: 'socket-abc',
      joinedAt: new Date(joinedAt),
      leftAt: null,
      watchDuration: null,
    });

    const closing = await post({ views: [closed(view)] });
    expect(closing.json().data).toEqual({ received: 1, saved: 1, skipped: 0 });
    expect(await stored(view.id)).toMatchObject({
      userId: viewer.id,
      joinedAt: new Date(joinedAt),
      leftAt: new Date(leftAt),
      watchDuration: 125,
    });
  });

  it('stores a publisher guest-less view and a guest view side by side', async () => {
    const creator = await api.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    const publisher = openView(sessionId, {
      role: 'publisher',
      viewerKey: `user:${creator.creatorId}`,
      userId: creator.creatorId,
      guestId: null,
    });
    const guest = openView(sessionId);
    const response = await post({ views: [publisher, guest] });
    expect(response.json().data).toEqual({ received: 2, saved: 2, skipped: 0 });
    expect(await stored(publisher.id)).toMatchObject({ role: 'publisher', userId: creator.creatorId, guestId: null });
    expect(await stored(guest.id)).toMatchObject({ role: 'subscriber', userId: null, guestId: guest.guestId });
  });

  it('is idempotent: a redelivered batch changes nothing', async () => {
    const batch = { views: [openView(sessionId), closed(openView(sessionId))] };
    await post(batch);
    const before = await api.db.prisma.sessionView.findMany({ orderBy: { id: 'asc' } });

    const again = await post(batch);

    expect(again.json().data).toEqual({ received: 2, saved: 0, skipped: 0 });
    expect(await api.db.prisma.sessionView.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('stores each view once when 10 copies of a batch arrive at once', async () => {
    const batch = { views: [openView(sessionId), openView(sessionId), closed(openView(sessionId))] };
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(batch)));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(200));
    const saved = responses.reduce((sum, response) => sum + response.json().data.saved, 0);
    expect(saved).toBe(3);
    expect(await api.db.prisma.sessionView.count()).toBe(3);
  });

  it('ends closed when open and closed copies race each other', async () => {
    const view = openView(sessionId);
    const copies = Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? view : closed(view)));
    const responses = await Promise.all(copies.map((copy) => post({ views: [copy] })));
    expect(responses.every((response) => response.statusCode === 200)).toBe(true);
    expect(await stored(view.id)).toMatchObject({ leftAt: new Date(leftAt), watchDuration: 125 });
  });

  describe('never reopens a closed view', () => {
    it('ignores an open copy arriving after the close', async () => {
      const view = openView(sessionId);
      await post({ views: [view] });
      await post({ views: [closed(view)] });

      const late = await post({ views: [view] });

      expect(late.json().data).toEqual({ received: 1, saved: 0, skipped: 0 });
      expect(await stored(view.id)).toMatchObject({ leftAt: new Date(leftAt), watchDuration: 125 });
    });

    it('keeps a close that arrived before its open copy', async () => {
      const view = openView(sessionId);
      await post({ views: [closed(view)] });
      await post({ views: [view] });
      expect(await stored(view.id)).toMatchObject({ joinedAt: new Date(joinedAt), leftAt: new Date(leftAt) });
    });

    it('keeps the closed copy when both copies share a batch, in either order', async () => {
      const first = openView(sessionId);
      const second = openView(sessionId);
      const response = await post({ views: [first, closed(first), closed(second), second] });
      expect(response.json().data).toEqual({ received: 4, saved: 2, skipped: 0 });
      expect(await stored(first.id)).toMatchObject({ leftAt: new Date(leftAt), watchDuration: 125 });
      expect(await stored(second.id)).toMatchObject({ leftAt: new Date(leftAt), watchDuration: 125 });
    });

    it('keeps the first close when a different close arrives later', async () => {
      const view = openView(sessionId);
      await post({ views: [closed(view)] });
      const later = await post({ views: [closed(view, '2026-11-23T11:00:00.000Z', 3600)] });
      expect(later.json().data.saved).toBe(0);
      expect(await stored(view.id)).toMatchObject({ leftAt: new Date(leftAt), watchDuration: 125 });
    });
  });

  it('does not let a view id sent for another session close the stored view', async () => {
    const view = openView(sessionId);
    await post({ views: [view] });
    const otherSessionId = (await createSession(api.db.prisma)).id;
    await post({ views: [closed({ ...view, sessionId: otherSessionId })] });
    expect(await stored(view.id)).toMatchObject({ sessionId, leftAt: null });
  });

  it('skips views of sessions that do not exist and stores the rest', async () => {
    const known = openView(sessionId);
    const response = await post({ views: [openView(unknownSessionId), known, closed(openView(unknownSessionId))] });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toEqual({ received: 3, saved: 1, skipped: 2 });
    expect(await api.db.prisma.sessionView.findMany({ select: { id: true } })).toEqual([{ id: known.id }]);
  });

  it('stores a view without its user when that user no longer exists', async () => {
    const goneUserId = randomUUID();
    const view = openView(sessionId, { viewerKey: `user:${goneUserId}`, userId: goneUserId, guestId: null });
    const response = await post({ views: [view] });
    expect(response.json().data).toEqual({ received: 1, saved: 1, skipped: 0 });
    expect(await stored(view.id)).toMatchObject({ userId: null, viewerKey: `user:${goneUserId}` });
  });

  describe('refuses callers without the internal key, writing nothing', () => {
    const cases: [string, Record<string, string>][] = [
      ['missing', {}],
      ['wrong', { [internalKeyHeader]: 'x'.repeat(testSecrets.internalApiKey.length) }],
      ['empty', { [internalKeyHeader]: '' }],
    ];
    it.each(cases)('%s key → 401', async (_name, keyHeaders) => {
      const response = await post({ views: [openView(sessionId)] }, keyHeaders);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ success: false, error: { code: 'unauthorized' } });
      expect(await api.db.prisma.sessionView.count()).toBe(0);
    });
  });

  describe('rejects invalid batches with 400 naming the field, writing nothing', () => {
    const cases: [string, (id: string) => unknown, string][] = [
      ['empty batch', () => ({ views: [] }), 'views'],
      ['missing views', () => ({}), 'views'],
      ['non-uuid id', (id) => ({ views: [openView(id), openView(id, { id: 'abc' })] }), 'views.1.id'],
      ['non-uuid session', (id) => ({ views: [openView(id), openView('abc')] }), 'views.1.sessionId'],
      ['unknown role', (id) => ({ views: [{ ...openView(id), role: 'owner' }] }), 'views.0.role'],
      ['bad joinedAt', (id) => ({ views: [openView(id, { joinedAt: 'yesterday' })] }), 'views.0.joinedAt'],
      ['negative watch time', (id) => ({ views: [closed(openView(id), leftAt, -1)] }), 'views.0.watchDuration'],
      ['unknown field', (id) => ({ views: [{ ...openView(id), extra: 1 }] }), 'views.0.extra'],
      [
        'leftAt before joinedAt',
        (id) => ({ views: [openView(id), closed(openView(id), '2026-11-23T09:59:59.000Z', 0)] }),
        'views.1.leftAt',
      ],
      ['watch time while open', (id) => ({ views: [openView(id, { watchDuration: 5 })] }), 'views.0.watchDuration'],
      [
        'closed without watch time',
        (id) => ({ views: [openView(id), openView(id, { leftAt })] }),
        'views.1.watchDuration',
      ],
    ];
    it.each(cases)('%s', async (_name, build, field) => {
      const response = await post(build(sessionId));
      expect(response.statusCode).toBe(400);
      const body = response.json();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
      expect(body.error.message).toContain(field);
      expect(await api.db.prisma.sessionView.count()).toBe(0);
    });
  });
});
