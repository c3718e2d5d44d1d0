import { randomUUID } from 'node:crypto';
import {
  ApiError,
  createApiClient,
  createRealtimeSocket,
  memoryTokenStore,
  type RealtimeSocket,
  sendCommand,
} from '@showfloor/client';
import type { ServerToClientEvents } from '@showfloor/contracts';
import { waitFor } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from './support/test-stack.ts';

/*
 * A live room as the web app will drive it, through @showfloor/client only: REST calls to the real
 * API, and sockets from the client's factory to the real realtime service, typed by the contracts.
 */

const password = 'correct horse battery';
const testSocketOptions = { transports: ['websocket'], forceNew: true, reconnection: false };

type EventPayload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** Resolves when the socket is connected, or rejects after `timeoutMs`. */
function connected(socket: RealtimeSocket, timeoutMs = 5_000): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not connected within ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function collect<E extends 'reaction-stats' | 'product-click-stats' | 'viewer-count'>(
  socket: RealtimeSocket,
  event: E,
): EventPayload<E>[] {
  const received: EventPayload<E>[] = [];
  // biome-ignore lint/suspicious/noExplicitAny: socket.io's listener type cannot follow a generic event name
  socket.on(event, ((payload: EventPayload<E>) => received.push(payload)) as any);
  return received;
}

describe('@showfloor/client in a live room', () => {
  let stack: TestStack;
  const sockets: RealtimeSocket[] = [];
  beforeAll(async () => {
    stack = await startStack({ realtimeEnv: { COUNT_BROADCAST_MS: '20', CLICK_BROADCAST_MS: '50' } });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await stack.close();
  });

  async function signedUp(role: 'user' | 'creator') {
    const tokens = memoryTokenStore();
    const api = createApiClient({ baseUrl: stack.apiUrl, tokens });
    const username = `${role}_${randomUUID().slice(0, 8)}`;
    const { data } = await api.auth.register({ body: { username, password, role } });
    return { api, tokens, user: data.user };
  }

  function socketFor(options: Omit<Parameters<typeof createRealtimeSocket>[0], 'url'>): RealtimeSocket {
    const socket = createRealtimeSocket({ url: stack.realtime.url, socket: testSocketOptions, ...options });
    sockets.push(socket);
    return socket;
  }

  it('join → react → reaction-stats → click → product-click-stats, and the live REST reads agree', async () => {
    const creator = await signedUp('creator');
    const lamp = await creator.api.products.create({ body: { name: 'Lamp', price: 12 } });
    const { data: session } = await creator.api.sessions.create({
      body: { title: 'Lamps, live', productIds: [lamp.data.id] },
    });
    const sessionId = session.id;
    await creator.api.sessions.changeStatus({ params: { sessionId }, body: { status: 'live' } });

    const studio = socketFor({ accessToken: () => creator.tokens.get()?.accessToken });
    await connected(studio);
    expect(await sendCommand(studio, 'join-session', { sessionId })).toEqual({
      sessionId,
      role: 'publisher',
      viewerCount: 0,
    });
    const stats = collect(studio, 'reaction-stats');
    const clicks = collect(studio, 'product-click-stats');

    const fan = await signedUp('user');
    const signedIn = socketFor({ accessToken: () => fan.tokens.get()?.accessToken });
    const guest = socketFor({ guestId: randomUUID() });
    await Promise.all([connected(signedIn), connected(guest)]);
    expect(await sendCommand(signedIn, 'join-session', { sessionId })).toMatchObject({ role: 'subscriber' });
    // The seed's bare-id form, through the socket's own typed emitWithAck.
    expect(await guest.emitWithAck('join-session', sessionId)).toMatchObject({
      ok: true,
      data: { role: 'subscriber', viewerCount: 2 },
    });

    expect(await sendCommand(guest, 'send-reaction', { sessionId, type: 'fire' })).toEqual({ type: 'fire' });
    await sendCommand(signedIn, 'send-reaction', { sessionId, type: 'heart' });
    await waitFor(() => stats.at(-1)?.total === 2, { what: 'reaction-stats with both reactions' });
    expect(stats.at(-1)).toEqual({ sessionId, counts: { fire: 1, heart: 1 }, total: 2 });

    const refused = await sendCommand(guest, 'send-reaction', { sessionId, type: 'Not A Type' }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'validation_failed', status: undefined });
    expect((refused as ApiError).messageFor('type')).toEqual(expect.any(String));

    expect(await sendCommand(signedIn, 'track-product-click', { sessionId, productId: lamp.data.id })).toEqual({
      productId: lamp.data.id,
      uniqueClicks: 1,
      totalClicks: 1,
      clickThroughRate: 50,
    });
    await sendCommand(signedIn, 'track-product-click', { sessionId, productId: lamp.data.id });
    await waitFor(() => clicks.at(-1)?.productStats[0]?.totalClicks === 2, { what: 'product-click-stats' });
    expect(clicks.at(-1)).toMatchObject({
      sessionId,
      totalViewers: 2,
      productStats: [{ productId: lamp.data.id, uniqueClicks: 1, totalClicks: 2, clickThroughRate: 50 }],
    });

    const viewer = createApiClient({ baseUrl: stack.apiUrl });
    const reactions = await viewer.sessions.reactions({ params: { sessionId } });
    expect(reactions.data).toMatchObject({ isLive: true, reactions: { fire: 1, heart: 1 }, total: 2 });
    const conversions = await viewer.analytics.conversionStats({ params: { sessionId } });
    expect(conversions.data).toMatchObject({
      isLive: true,
      totalViewers: 2,
      products: [{ productId: lamp.data.id, uniqueClicks: 1, totalClicks: 2, clickThroughRate: 50 }],
    });
    const watching = await creator.api.analytics.liveViewers({ params: { sessionId } });
    expect(watching.data).toMatchObject({ isLive: true, viewerCount: 2 });
    expect(watching.data.viewers.map((entry) => entry.watchDuration)).toEqual([expect.any(Number), expect.any(Number)]);

    expect(await sendCommand(guest, 'leave-session', { sessionId })).toEqual({ sessionId });
  });

  it('reconnects a socket whose token ended, after one refresh through the API client', async () => {
    const fan = await signedUp('user');
    // A password change ends every access token of the user, the stored one included.
    await fan.api.auth.update({ body: { password: 'a brand new passphrase', currentPassword: password } });
    const ended = fan.tokens.get()?.accessToken;

    const refusedTokens: string[] = [];
    const socket = socketFor({
      accessToken: () => fan.tokens.get()?.accessToken,
      refreshAccessToken: () => fan.api.refreshAccessToken(),
    });
    socket.on('connect_error', (error) => {
      refusedTokens.push((error as Error & { data?: { code?: string } }).data?.code ?? error.message);
    });
    await connected(socket);
    expect(refusedTokens).toEqual(['unauthorized']);
    expect(fan.tokens.get()?.accessToken).not.toBe(ended);

    const { data: session } = await (await signedUp('creator')).api.sessions.create({ body: { title: 'Later' } });
    expect(await sendCommand(socket, 'join-session', { sessionId: session.id })).toMatchObject({ role: 'subscriber' });
  });

  it('turns a refused ack into an ApiError, and a missing one into service_unavailable', async () => {
    const guest = socketFor({ guestId: randomUUID() });
    await connected(guest);
    const unknown = await sendCommand(guest, 'join-session', { sessionId: randomUUID() }).catch((error) => error);
    expect(unknown).toMatchObject({ code: 'not_found', status: undefined });

    guest.disconnect();
    const silent = await sendCommand(guest, 'join-session', { sessionId: randomUUID() }, { timeoutMs: 100 }).catch(
      (error) => error,
    );
    expect(silent).toBeInstanceOf(ApiError);
    expect(silent).toMatchObject({ code: 'service_unavailable' });
  });
});
