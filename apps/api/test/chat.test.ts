import { randomUUID } from 'node:crypto';
import { chatMessageSchema, newMessageSchema } from '@showfloor/contracts';
import { createSession, createUser } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadField } from './support/expect-bad-field.ts';
import { type ListeningRealtime, nextEvent, startApiWithRealtime } from './support/listening-realtime.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import type { TestApi } from './support/test-api.ts';

type Method = 'GET' | 'POST' | 'DELETE';

const chatMaxMessages = 3;

describe('/api/sessions/:sessionId/chat', () => {
  let realtime: ListeningRealtime;
  let api: TestApi;
  let creator: SignedInUser;
  let author: SignedInUser;
  let otherUser: SignedInUser;
  let moderator: SignedInUser;
  let admin: SignedInUser;
  let sessionId: string;

  beforeAll(async () => {
    // Both services on real ports: the API broadcasts to realtime, realtime reads session facts from the API.
    ({ api, realtime } = await startApiWithRealtime({ CHAT_MAX_MESSAGES: String(chatMaxMessages) }));
    [creator, author, otherUser, moderator, admin] = await Promise.all([
      signedInUser(api, 'creator'),
      signedInUser(api, 'user'),
      signedInUser(api, 'user'),
      signedInUser(api, 'moderator'),
      signedInUser(api, 'admin'),
    ]);
    sessionId = (await createSession(api.db.prisma, { creatorId: creator.id })).id;
  });
  afterAll(async () => {
    await api?.close();
    await realtime?.close();
  });

  function send(method: Method, url: string, options: { as?: SignedInUser | undefined; payload?: object } = {}) {
    return api.app.inject({
      method,
      url,
      ...(options.as ? { headers: options.as.headers } : {}),
      ...(options.payload ? { payload: options.payload } : {}),
    });
  }

  const chatUrl = (id: string) => `/api/sessions/${id}/chat`;
  const newSession = async (overrides: { status?: 'scheduled' | 'live' | 'paused' | 'ended' } = {}) =>
    (await createSession(api.db.prisma, { creatorId: creator.id, ...overrides })).id;
  /** A message written straight to the database, so a test controls its author and time without the rate limit. */
  const insertMessage = (session: string, userId: string, message = 'hello', createdAt = new Date()) =>
    api.db.prisma.chatMessage.create({ data: { sessionId: session, userId, message, createdAt } });
  const storedCount = (session: string) => api.db.prisma.chatMessage.count({ where: { sessionId: session } });
  /** Each test that posts through the API uses its own author, so the small rate limit stays out of its way. */
  const freshUser = () => signedInUser(api, 'user');

  describe('POST /', () => {
    it('stores the trimmed message as the signed-in user and answers 201 with it', async () => {
      const sender = await freshUser();
      const response = await send('POST', chatUrl(sessionId), {
        as: sender,
        payload: { message: '  Hello everyone!  ' },
      });
      expect(response.statusCode, response.body).toBe(201);
      const message = chatMessageSchema.parse(response.json().data);
      expect(message).toMatchObject({
        sessionId,
        message: 'Hello everyone!',
        userId: sender.id,
        user: { id: sender.id, name: expect.any(String), username: sender.username },
      });
      const row = await api.db.prisma.chatMessage.findUniqueOrThrow({ where: { id: message.id } });
      expect(row).toMatchObject({ sessionId, userId: sender.id, message: 'Hello everyone!', deletedAt: null });
      expect(row.createdAt.toISOString()).toBe(response.json().data.createdAt);
    });

    it('accepts exactly 500 characters after trimming, and chat before the show starts or while paused', async () => {
      const sender = await freshUser();
      const scheduled = await newSession({ status: 'scheduled' });
      const paused = await newSession({ status: 'paused' });
      const full = 'x'.repeat(500);
      const first = await send('POST', chatUrl(scheduled), { as: sender, payload: { message: `   ${full}\n` } });
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json().data.message).toBe(full);
      const second = await send('POST', chatUrl(paused), { as: sender, payload: { message: 'back soon?' } });
      expect(second.statusCode, second.body).toBe(201);
    });

    it.each([
      ['whitespace only', { message: ' \n\t  ' }],
      ['empty', { message: '' }],
      ['501 characters', { message: 'y'.repeat(501) }],
      ['missing', {}],
      ['not a string', { message: 42 }],
    ])('refuses a message that is %s with 400 naming `message`, storing nothing', async (_case, payload) => {
      const sender = await freshUser();
      const before = await storedCount(sessionId);
      expectBadField(await send('POST', chatUrl(sessionId), { as: sender, payload }), 'message');
      expect(await storedCount(sessionId)).toBe(before);
    });

    it('names an unknown field rather than ignoring it', async () => {
      const sender = await freshUser();
      const response = await send('POST', chatUrl(sessionId), {
        as: sender,
        payload: { message: 'hi', userId: admin.id },
      });
      expectBadField(response, 'userId');
      expect(await api.db.prisma.chatMessage.count({ where: { userId: admin.id } })).toBe(0);
    });

    it('needs a signed-in caller (401), storing nothing', async () => {
      const before = await storedCount(sessionId);
      const response = await send('POST', chatUrl(sessionId), { payload: { message: 'hi' } });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthorized');
      expect(await storedCount(sessionId)).toBe(before);
    });

    it('answers 404 for an unknown session and 400 for a malformed session id', async () => {
      const sender = await freshUser();
      const missing = await send('POST', chatUrl(randomUUID()), { as: sender, payload: { message: 'hi' } });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('not_found');
      expectBadField(
        await send('POST', chatUrl('not-a-uuid'), { as: sender, payload: { message: 'hi' } }),
        'sessionId',
      );
      expect(await api.db.prisma.chatMessage.count({ where: { userId: sender.id } })).toBe(0);
    });

    it('refuses chat into an ended stream with 409, storing nothing', async () => {
      const sender = await freshUser();
      const ended = await newSession({ status: 'ended' });
      const response = await send('POST', chatUrl(ended), { as: sender, payload: { message: 'too late?' } });
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('conflict');
      expect(await storedCount(ended)).toBe(0);
    });

    it(`limits each user to ${chatMaxMessages} messages per window: then 429 with retry-after, nothing stored`, async () => {
      const [chatty, other] = await Promise.all([freshUser(), freshUser()]);
      for (let i = 0; i < chatMaxMessages; i++) {
        const ok = await send('POST', chatUrl(sessionId), { as: chatty, payload: { message: `message ${i}` } });
        expect(ok.statusCode, ok.body).toBe(201);
      }
      const refused = await send('POST', chatUrl(sessionId), { as: chatty, payload: { message: 'one more' } });
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('rate_limited');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(10);
      expect(await api.db.prisma.chatMessage.count({ where: { userId: chatty.id } })).toBe(chatMaxMessages);

      // The limit is per user: someone else in the same room is unaffected.
      const fromOther = await send('POST', chatUrl(sessionId), { as: other, payload: { message: 'hi' } });
      expect(fromOther.statusCode).toBe(201);
    });

    it('does not spend a rate-limit slot on a message that cannot be stored', async () => {
      const sender = await freshUser();
      const ended = await newSession({ status: 'ended' });
      for (let i = 0; i < chatMaxMessages + 2; i++) {
        expect((await send('POST', chatUrl(ended), { as: sender, payload: { message: 'hi' } })).statusCode).toBe(409);
      }
      const response = await send('POST', chatUrl(sessionId), { as: sender, payload: { message: 'hi' } });
      expect(response.statusCode).toBe(201);
    });
  });

  describe('GET /', () => {
    it('lists messages newest first with each author’s id and name, and the page in meta', async () => {
      const room = await newSession();
      const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
      await insertMessage(room, author.id, 'first', new Date(t0));
      await insertMessage(room, otherUser.id, 'second', new Date(t0 + 1_000));
      await insertMessage(room, author.id, 'third', new Date(t0 + 2_000));

      const response = await send('GET', chatUrl(room));
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.data.map((m: { message: string }) => m.message)).toEqual(['third', 'second', 'first']);
      expect(body.data[0]).toEqual({
        id: expect.any(String),
        sessionId: room,
        message: 'third',
        userId: author.id,
        user: { id: author.id, name: expect.any(String), username: author.username },
        createdAt: new Date(t0 + 2_000).toISOString(),
      });
      expect(body.meta).toEqual({ count: 3, limit: 50, hasMore: false, next: null });
    });

    it('pages through 120 messages with the `before` cursor, without gaps or repeats', async () => {
      const room = await newSession();
      const t0 = Date.UTC(2026, 0, 2, 12, 0, 0);
      const rows = Array.from({ length: 120 }, (_, i) => ({
        sessionId: room,
        userId: i % 2 === 0 ? author.id : otherUser.id,
        message: `message ${i}`,
        createdAt: new Date(t0 + i * 1_000),
      }));
      await api.db.prisma.chatMessage.createMany({ data: rows });

      const seen: { id: string; message: string; createdAt: string }[] = [];
      const pageSizes: number[] = [];
      let before: string | undefined;
      for (let guard = 0; guard < 10; guard++) {
        const query = before ? `?before=${encodeURIComponent(before)}` : '';
        const response = await send('GET', `${chatUrl(room)}${query}`);
        expect(response.statusCode, response.body).toBe(200);
        const { data, meta } = response.json();
        pageSizes.push(data.length);
        seen.push(...data);
        if (!meta.hasMore) {
          expect(meta.next).toBeNull();
          break;
        }
        before = data.at(-1).createdAt;
        expect(meta.next.before).toBe(before);
      }
      expect(pageSizes).toEqual([50, 50, 20]);
      expect(new Set(seen.map((m) => m.id)).size).toBe(120);
      expect(seen.map((m) => m.message)).toEqual(rows.map((r) => r.message).reverse());
    });

    it('pages through a burst of messages sharing one millisecond with meta.next (before + beforeId)', async () => {
      const room = await newSession();
      const instant = new Date(Date.UTC(2026, 0, 3, 12, 0, 0));
      await api.db.prisma.chatMessage.createMany({
        data: Array.from({ length: 10 }, (_, i) => ({
          sessionId: room,
          userId: author.id,
          message: `burst ${i}`,
          createdAt: instant,
        })),
      });
      await insertMessage(room, author.id, 'earlier', new Date(instant.getTime() - 1_000));

      const seen: string[] = [];
      let query = '?limit=3';
      for (let guard = 0; guard < 10; guard++) {
        const { data, meta } = (await send('GET', `${chatUrl(room)}${query}`)).json();
        seen.push(...data.map((m: { id: string }) => m.id));
        if (!meta.next) break;
        query = `?limit=3&before=${encodeURIComponent(meta.next.before)}&beforeId=${meta.next.beforeId}`;
      }
      expect(seen).toHaveLength(11);
      expect(new Set(seen).size).toBe(11);
      const earlier = await api.db.prisma.chatMessage.findFirstOrThrow({
        where: { sessionId: room, message: 'earlier' },
      });
      expect(seen.at(-1)).toBe(earlier.id);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=ten', 'limit'],
      ['before=yesterday', 'before'],
      [`beforeId=${randomUUID()}`, 'beforeId'],
    ])('refuses ?%s with 400 naming `%s`', async (query, field) => {
      expectBadField(await send('GET', `${chatUrl(sessionId)}?${query}`), field);
    });

    it('accepts limit=100 and 1 at the edges', async () => {
      for (const limit of [1, 100]) {
        const response = await send('GET', `${chatUrl(sessionId)}?limit=${limit}`);
        expect(response.statusCode).toBe(200);
        expect(response.json().meta.limit).toBe(limit);
        expect(response.json().data.length).toBeLessThanOrEqual(limit);
      }
    });

    it('answers 404 for an unknown session', async () => {
      const response = await send('GET', chatUrl(randomUUID()));
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    });

    it('never shows an email — not the caller’s, not the author’s, not an email-only author’s', async () => {
      const room = await newSession();
      const emailOnly = await createUser(api.db.prisma, { role: 'user', username: null, name: null });
      await insertMessage(room, author.id, 'from author');
      await insertMessage(room, emailOnly.id, 'from an account with only an address');
      const sender = await freshUser();
      const posted = await send('POST', chatUrl(room), { as: sender, payload: { message: 'from the caller' } });
      expect(posted.statusCode).toBe(201);

      const emails = [author.email, sender.email, admin.email, emailOnly.email as string];
      const responses = [
        posted,
        await send('GET', chatUrl(room)),
        await send('GET', chatUrl(room), { as: sender }),
        await send('GET', chatUrl(room), { as: admin }),
        await send('GET', `${chatUrl(room)}/count`, { as: admin }),
      ];
      for (const response of responses) {
        expect(response.statusCode).toBeLessThan(300);
        expect(response.body).not.toMatch(/email/i);
        for (const email of emails) expect(response.body).not.toContain(email);
      }
      const listed = responses[1]?.json().data.find((m: { userId: string }) => m.userId === emailOnly.id);
      expect(listed.user).toEqual({ id: emailOnly.id, name: null, username: null });
    });
  });

  describe('GET /count', () => {
    it('counts the session’s messages, leaving out deleted ones and other sessions’', async () => {
      const room = await newSession();
      const elsewhere = await newSession();
      await insertMessage(room, author.id, 'one');
      await insertMessage(room, author.id, 'two');
      const gone = await insertMessage(room, author.id, 'deleted');
      await api.db.prisma.chatMessage.update({
        where: { id: gone.id },
        data: { deletedAt: new Date(), deletedBy: admin.id },
      });
      await insertMessage(elsewhere, author.id, 'elsewhere');

      const response = await send('GET', `${chatUrl(room)}/count`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ success: true, data: { sessionId: room, count: 2 } });
    });

    it('answers 404 for an unknown session', async () => {
      expect((await send('GET', `${chatUrl(randomUUID())}/count`)).statusCode).toBe(404);
    });
  });

  describe('DELETE /:messageId', () => {
    const actors = {
      anonymous: () => undefined,
      'the author (a plain user)': () => author,
      'another user': () => otherUser,
      'a creator who does not own the session': () => strangerCreator,
      "the session's creator": () => creator,
      'a moderator': () => moderator,
      'an admin': () => admin,
    };
    let strangerCreator: SignedInUser;
    beforeAll(async () => {
      strangerCreator = await signedInUser(api, 'creator');
    });

    it.each([
      ['anonymous', 401],
      ['the author (a plain user)', 403],
      ['another user', 403],
      ['a creator who does not own the session', 403],
    ] as const)('refuses %s with %i, leaving the message visible', async (actor, status) => {
      const room = await newSession();
      const message = await insertMessage(room, author.id, 'keep me');
      const response = await send('DELETE', `${chatUrl(room)}/${message.id}`, { as: actors[actor]() });
      expect(response.statusCode).toBe(status);
      const row = await api.db.prisma.chatMessage.findUniqueOrThrow({ where: { id: message.id } });
      expect(row.deletedAt).toBeNull();
      expect((await send('GET', `${chatUrl(room)}/count`)).json().data.count).toBe(1);
    });

    it.each(["the session's creator", 'a moderator', 'an admin'] as const)(
      'lets %s soft-delete a message: gone from reads and counts, kept with who deleted it',
      async (actor) => {
        const room = await newSession();
        const message = await insertMessage(room, author.id, 'remove me');
        await insertMessage(room, author.id, 'stay');
        const actorUser = actors[actor]();

        const response = await send('DELETE', `${chatUrl(room)}/${message.id}`, { as: actorUser });
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json()).toMatchObject({ success: true, data: { id: message.id, sessionId: room } });

        const row = await api.db.prisma.chatMessage.findUniqueOrThrow({ where: { id: message.id } });
        expect(row.deletedAt).toBeInstanceOf(Date);
        expect(row.deletedBy).toBe(actorUser.id);
        const listed = (await send('GET', chatUrl(room))).json();
        expect(listed.data.map((m: { message: string }) => m.message)).toEqual(['stay']);
        expect(listed.meta.count).toBe(1);
        expect((await send('GET', `${chatUrl(room)}/count`)).json().data.count).toBe(1);

        const again = await send('DELETE', `${chatUrl(room)}/${message.id}`, { as: actorUser });
        expect(again.statusCode).toBe(404);
        expect((await api.db.prisma.chatMessage.findUniqueOrThrow({ where: { id: message.id } })).deletedBy).toBe(
          actorUser.id,
        );
      },
    );

    it('answers 404 for a message of another session, leaving it alone', async () => {
      const room = await newSession();
      const elsewhere = await newSession();
      const message = await insertMessage(elsewhere, author.id, 'not in this room');
      const response = await send('DELETE', `${chatUrl(room)}/${message.id}`, { as: admin });
      expect(response.statusCode).toBe(404);
      expect((await api.db.prisma.chatMessage.findUniqueOrThrow({ where: { id: message.id } })).deletedAt).toBeNull();
    });

    it('answers 404 for an unknown message or session, and 400 for a malformed id', async () => {
      expect((await send('DELETE', `${chatUrl(sessionId)}/${randomUUID()}`, { as: admin })).statusCode).toBe(404);
      expect((await send('DELETE', `${chatUrl(randomUUID())}/${randomUUID()}`, { as: admin })).statusCode).toBe(404);
      expectBadField(await send('DELETE', `${chatUrl(sessionId)}/nope`, { as: admin }), 'messageId');
    });

    it('still lets moderation clean up the chat of an ended stream', async () => {
      const ended = await newSession({ status: 'ended' });
      const message = await insertMessage(ended, author.id, 'spam');
      expect((await send('DELETE', `${chatUrl(ended)}/${message.id}`, { as: moderator })).statusCode).toBe(200);
    });
  });

  it('documents the chat routes in OpenAPI with the chat tag, bearer security on writes and no email field', async () => {
    const document = (await send('GET', '/docs/json')).json();
    const list = document.paths['/api/sessions/{sessionId}/chat/'];
    const one = document.paths['/api/sessions/{sessionId}/chat/{messageId}'];
    const count = document.paths['/api/sessions/{sessionId}/chat/count'];
    for (const operation of [list.get, list.post, count.get, one.delete]) expect(operation.tags).toEqual(['chat']);
    expect(list.post.security).toEqual([{ bearerAuth: [] }]);
    expect(one.delete.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(list.post.responses)).toContain('201');
    expect(list.get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(['limit', 'before', 'beforeId', 'sessionId']),
    );
    expect(JSON.stringify([list, one, count])).not.toMatch(/email/i);
  });

  describe('broadcasts to the session room', () => {
    it('sends new-message with the stored id to a viewer in the room, and message-deleted after moderation', async () => {
      const room = await newSession();
      const viewer = await realtime.viewerIn(room);
      const sender = await freshUser();

      const arriving = nextEvent(viewer, 'new-message');
      const posted = await send('POST', chatUrl(room), { as: sender, payload: { message: '  Is it waterproof? ' } });
      expect(posted.statusCode).toBe(201);
      const stored = posted.json().data;
      const event = newMessageSchema.parse(await arriving);
      expect(event).toEqual({
        id: stored.id,
        message: 'Is it waterproof?',
        userId: sender.id,
        userName: stored.user.name,
        sessionId: room,
        createdAt: stored.createdAt,
      });

      const deletion = nextEvent(viewer, 'message-deleted');
      expect((await send('DELETE', `${chatUrl(room)}/${stored.id}`, { as: creator })).statusCode).toBe(200);
      expect(await deletion).toEqual({ sessionId: room, messageId: stored.id });
    });

    it('names an author without a display name by username in new-message, never by email', async () => {
      const room = await newSession();
      const viewer = await realtime.viewerIn(room);
      const sender = await freshUser();
      await api.db.prisma.user.update({ where: { id: sender.id }, data: { name: null } });

      const arriving = nextEvent<{ userName: string }>(viewer, 'new-message');
      expect((await send('POST', chatUrl(room), { as: sender, payload: { message: 'hi' } })).statusCode).toBe(201);
      expect((await arriving).userName).toBe(sender.username);
    });

    it('does not reach viewers of another session', async () => {
      const room = await newSession();
      const otherRoom = await newSession();
      const bystander = await realtime.viewerIn(otherRoom);
      const listener = await realtime.viewerIn(room);
      const sender = await freshUser();
      let leaked = false;
      bystander.on('new-message', () => {
        leaked = true;
      });
      const arriving = nextEvent(listener, 'new-message');
      expect((await send('POST', chatUrl(room), { as: sender, payload: { message: 'only here' } })).statusCode).toBe(
        201,
      );
      await arriving;
      expect(leaked).toBe(false);
    });
  });
});
