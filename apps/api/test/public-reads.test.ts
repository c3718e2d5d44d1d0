import { createSession } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

const secretStreamKey = 'live_sk_cached-never-7c1d';
const ttlMs = 1_500;

/** The answers a flash crowd loads, from memory (public-reads.ts): private fields, freshness, validators. */
describe('public reads served from memory', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let admin: SignedInUser;
  let viewer: SignedInUser;

  beforeAll(async () => {
    api = await startTestApi({
      PUBLIC_READ_CACHE_MS: String(ttlMs),
      AGORA_APP_ID: 'a'.repeat(32),
      AGORA_APP_CERTIFICATE: 'b'.repeat(32),
      // No realtime service answers here: ending a stream waits for it no longer than this.
      END_STREAM_FLUSH_TIMEOUT_MS: '100',
      BROADCAST_WAIT_MS: '100',
    });
    [owner, admin, viewer] = await Promise.all([
      signedInUser(api, 'creator'),
      signedInUser(api, 'admin'),
      signedInUser(api, 'user'),
    ]);
  });
  afterAll(() => api?.close());

  const get = (url: string, as?: SignedInUser, headers: Record<string, string> = {}) =>
    api.app.inject({ method: 'GET', url, headers: { ...(as ? as.headers : {}), ...headers } });
  const send = (method: 'POST' | 'PATCH' | 'PUT', url: string, as: SignedInUser, payload: object) =>
    api.app.inject({ method, url, headers: as.headers, payload });
  const liveSession = () =>
    createSession(api.db.prisma, {
      creatorId: owner.id,
      status: 'live',
      startedAt: new Date(),
      streamKey: secretStreamKey,
    });

  it('never shows the stream key to anyone but the owner and admins, however the answer was cached', async () => {
    const session = await liveSession();
    const url = `/api/sessions/${session.id}`;
    // Cached by an anonymous reader first, then read by each kind of caller, twice.
    for (let round = 0; round < 2; round++) {
      for (const as of [undefined, viewer]) {
        const response = await get(url, as);
        expect(response.statusCode).toBe(200);
        expect(response.body).not.toContain(secretStreamKey);
        expect(response.headers['cache-control']).toMatch(as ? /^private, no-cache/ : /^public, max-age=0, s-maxage=1/);
      }
      for (const as of [owner, admin]) {
        const response = await get(url, as);
        expect(response.json().data.streamKey).toBe(secretStreamKey);
        expect(response.headers['cache-control']).toBe('private, no-store');
      }
    }
  });

  it('shows a write through the API at once — to its author and to everyone else', async () => {
    const session = await liveSession();
    const product = await api.db.prisma.product.create({
      data: { sellerId: owner.id, name: 'Desk lamp', price: '30.00' },
    });
    const detail = `/api/sessions/${session.id}`;
    const products = `${detail}/products`;
    expect((await get(detail)).json().data.title).not.toBe('Renamed');
    expect((await get(products)).json().data).toEqual([]);
    const catalog = (await get('/api/products?limit=100')).json().data as { id: string }[];

    expect((await send('PATCH', detail, owner, { title: 'Renamed' })).statusCode).toBe(200);
    expect((await get(detail)).json().data.title).toBe('Renamed');
    expect((await get(detail, owner)).json().data.title).toBe('Renamed');

    expect((await send('POST', products, owner, { productId: product.id })).statusCode).toBe(201);
    expect((await get(products)).json().data.map((link: { id: string }) => link.id)).toEqual([product.id]);
    expect((await get(detail)).json().data.products.map((link: { id: string }) => link.id)).toEqual([product.id]);

    expect((await send('PUT', `/api/products/${product.id}`, owner, { name: 'Brass desk lamp' })).statusCode).toBe(200);
    expect((await get(detail)).json().data.products[0].name).toBe('Brass desk lamp');
    expect((await get(products)).json().data[0].name).toBe('Brass desk lamp');

    const created = await send('POST', '/api/products', owner, { name: 'Floor lamp', price: 80 });
    expect(created.statusCode).toBe(201);
    const after = (await get('/api/products?limit=100')).json().data as { id: string }[];
    expect(after.length).toBe(catalog.length + 1);
    expect(after.map((item) => item.id)).toContain(created.json().data.id);

    // A search listing, cached by the read before, shows a session created meanwhile.
    const search = '/api/search/sessions?q=zeppelin';
    expect((await get(search)).json().data).toEqual([]);
    const zeppelin = await send('POST', '/api/sessions', owner, { title: 'Zeppelin night' });
    expect(zeppelin.statusCode).toBe(201);
    expect((await get(search)).json().data.map((item: { id: string }) => item.id)).toEqual([zeppelin.json().data.id]);
  });

  it('shows a chat message in the newest page at once, and its moderation too', async () => {
    const session = await liveSession();
    const chat = `/api/sessions/${session.id}/chat`;
    expect((await get(chat)).json().data).toEqual([]);
    const sent = await send('POST', chat, viewer, { message: 'First!' });
    expect(sent.statusCode).toBe(201);
    expect((await get(chat)).json().data.map((message: { message: string }) => message.message)).toEqual(['First!']);
    const moderated = await api.app.inject({
      method: 'DELETE',
      url: `${chat}/${sent.json().data.id}`,
      headers: owner.headers,
    });
    expect(moderated.statusCode).toBe(200);
    expect((await get(chat)).json().data).toEqual([]);
  });

  it('hands every viewer the same anonymous stream token for a moment, and none once the stream ended', async () => {
    const session = await liveSession();
    const url = `/api/sessions/${session.id}/stream-token`;
    const [first, second] = await Promise.all([get(url), get(url, viewer)]);
    expect(first.statusCode).toBe(200);
    expect(first.json().data).toMatchObject({ role: 'subscriber', uid: 0 });
    expect(second.json().data.token).toBe(first.json().data.token);

    expect((await send('POST', `/api/sessions/${session.id}/end-stream`, owner, {})).statusCode).toBe(200);
    expect((await get(url)).statusCode).toBe(409);
  });

  it('serves a change made behind its back (another API process) once the TTL has passed, not before', async () => {
    const session = await liveSession();
    const url = `/api/sessions/${session.id}`;
    const first = (await get(url)).json().data.title;
    await api.db.prisma.session.update({ where: { id: session.id }, data: { title: 'Changed elsewhere' } });
    expect((await get(url)).json().data.title).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, ttlMs + 100));
    expect((await get(url)).json().data.title).toBe('Changed elsewhere');
  });

  it('answers 304 to a client that holds the current answer, and the new answer once it changed', async () => {
    const session = await liveSession();
    const url = `/api/sessions/${session.id}`;
    const first = await get(url);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(url, undefined, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    await send('PATCH', url, owner, { title: 'A new title' });
    const changed = await get(url, undefined, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().data.title).toBe('A new title');
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('answers an unknown session 404 every time (nothing is remembered of it)', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await get(`/api/sessions/${unknown}`)).statusCode).toBe(404);
    expect((await get(`/api/sessions/${unknown}/products`)).statusCode).toBe(404);
  });
});
