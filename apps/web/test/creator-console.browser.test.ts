import { randomUUID } from 'node:crypto';
import { createRealtimeSocket, type RealtimeSocket, sendCommand } from '@showfloor/client';
import type { ServerToClientEvents } from '@showfloor/contracts/socket';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStack, startBrowserStack, type TestPerson } from './support/browser-stack.ts';
import { screenshotForReadme } from './support/screenshots.ts';

/*
 * The creator console against the real services. Viewers are real socket.io clients made by
 * @showfloor/client (a guest with its kept id, a signed-in user with their token), exactly what the
 * live room page opens; the creator's console is the page under test.
 */

let stack: BrowserStack;
let creator: TestPerson;
let fan: TestPerson;
const sockets: RealtimeSocket[] = [];

beforeAll(async () => {
  stack = await startBrowserStack({
    // Short sampling windows so the analytics toggle's effect shows within a test; click stats
    // every half second instead of every 4 s only to keep the run short.
    realtimeEnv: { SAMPLE_INTERVAL_MS: '50', SNAPSHOT_INTERVAL_MS: '300', CLICK_BROADCAST_MS: '500' },
  });
  creator = await stack.register('creator', 'Cora Creator');
  fan = await stack.register('user', 'Fran Fan');
  // Chromium's first page costs seconds on a cold start: paid here, not by the first test's timer.
  const warm = await stack.open('/sign-in');
  await warm.getByRole('heading', { name: 'Sign in' }).waitFor();
  await warm.close();
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});
afterAll(async () => stack?.close());

const consolePath = (sessionId: string) => `/studio/sessions/${sessionId}`;
const waitLimit = { timeout: 15_000 };

/** Waits until the locator's whole text is `text`. */
async function showsExactly(locator: Locator, text: string): Promise<void> {
  await expect.poll(async () => (await locator.textContent())?.trim(), waitLimit).toBe(text);
}

async function viewerSocket(as: 'guest' | TestPerson): Promise<RealtimeSocket> {
  const socket = createRealtimeSocket({
    url: stack.realtime.url,
    ...(as === 'guest' ? { guestId: randomUUID() } : { accessToken: () => as.api.tokens?.get()?.accessToken }),
    socket: { transports: ['websocket'], forceNew: true, reconnection: false },
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

type EventPayload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** The next `event` the socket receives (registered before the action that causes it). */
function nextEvent<E extends 'product-showcased' | 'stream-ended'>(socket: RealtimeSocket, event: E) {
  return new Promise<EventPayload<E>>((resolve) => {
    // biome-ignore lint/suspicious/noExplicitAny: socket.io's listener type cannot follow a generic event name
    socket.once(event, resolve as any);
  });
}

async function sessionWithProducts(title: string, productNames: string[], options: { live?: boolean } = {}) {
  const products = [];
  for (const [index, name] of productNames.entries()) {
    products.push((await creator.api.products.create({ body: { name, price: 10 + index } })).data);
  }
  const { data: session } = await creator.api.sessions.create({
    body: { title, productIds: products.map((product) => product.id) },
  });
  if (options.live) {
    await creator.api.sessions.changeStatus({ params: { sessionId: session.id }, body: { status: 'live' } });
  }
  return { session, products };
}

async function openConsole(sessionId: string, title: string, person: TestPerson = creator): Promise<Page> {
  const page = await stack.open(consolePath(sessionId), person);
  // A missing button fails the step that wanted it, not the whole test's timer.
  page.setDefaultTimeout(waitLimit.timeout);
  await page.getByRole('heading', { name: title }).waitFor(waitLimit);
  return page;
}

// Many round trips per test (each console action waits for the room and re-reads the session),
// beside another browser file on two cores: more room than the project's 30 s.
describe('the creator console', { timeout: 45_000 }, () => {
  it('goes live, counts two viewers but never the creator, and shows reactions and clicks with their CTR', async () => {
    const { session, products } = await sessionWithProducts('Lamps at dusk', ['Brass lamp', 'Paper lamp']);
    const page = await openConsole(session.id, 'Lamps at dusk');
    await showsExactly(page.getByTestId('session-status'), 'scheduled');

    await page.getByRole('button', { name: 'Go live' }).click();
    await showsExactly(page.getByTestId('session-status'), 'live');
    // The console is in the room as its publisher: on air, and nobody watching yet.
    await showsExactly(page.getByTestId('viewer-count'), '0');

    const guest = await viewerSocket('guest');
    const signedIn = await viewerSocket(fan);
    await sendCommand(guest, 'join-session', { sessionId: session.id });
    await sendCommand(signedIn, 'join-session', { sessionId: session.id });
    await showsExactly(page.getByTestId('viewer-count'), '2');
    const watching = page.getByTestId('watching-now');
    await watching.getByText('Fran Fan').waitFor(waitLimit);
    await watching.getByText('Guest').waitFor(waitLimit);

    await sendCommand(guest, 'send-reaction', { sessionId: session.id, type: 'heart' });
    await sendCommand(signedIn, 'send-reaction', { sessionId: session.id, type: 'heart' });
    await sendCommand(signedIn, 'send-reaction', { sessionId: session.id, type: 'fire' });
    await showsExactly(page.getByTestId('reaction-total'), '3');
    await showsExactly(page.getByTestId('reaction-heart'), 'heart 2');
    await showsExactly(page.getByTestId('reaction-fire'), 'fire 1');

    const [brass] = products;
    if (!brass) throw new Error('no product');
    await sendCommand(guest, 'track-product-click', { sessionId: session.id, productId: brass.id });
    await sendCommand(guest, 'track-product-click', { sessionId: session.id, productId: brass.id });
    const row = page.getByTestId('click-stats-row').filter({ hasText: 'Brass lamp' });
    await row.waitFor(waitLimit);
    // One of the two viewers clicked (twice): 50 % click-through.
    await showsExactly(row.getByTestId('click-through-rate'), '50.0 %');
    expect((await row.locator('td').allTextContents()).slice(1, 3)).toEqual(['1', '2']);

    await screenshotForReadme(page, 'creator-console');

    // One viewer leaves: the count follows; the console itself still does not count.
    guest.disconnect();
    await showsExactly(page.getByTestId('viewer-count'), '1');
  });

  it('showcases a product to the room, then ends the stream for everyone after asking', async () => {
    const { session, products } = await sessionWithProducts('Teapots', ['Blue teapot', 'Iron teapot'], { live: true });
    const page = await openConsole(session.id, 'Teapots');
    const viewer = await viewerSocket('guest');
    await sendCommand(viewer, 'join-session', { sessionId: session.id });

    const showcased = nextEvent(viewer, 'product-showcased');
    await page.getByRole('button', { name: 'Showcase Iron teapot' }).click();
    expect(await showcased).toMatchObject({ sessionId: session.id, productId: products[1]?.id });
    await page.getByTestId('showcased-product').getByText('Iron teapot').waitFor(waitLimit);

    await page.getByRole('button', { name: 'End stream' }).click();
    // Nothing ends on the first press: it asks, and Cancel leaves the stream on air.
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect((await creator.api.sessions.get({ params: { sessionId: session.id } })).data.status).toBe('live');

    const ended = nextEvent(viewer, 'stream-ended');
    await page.getByRole('button', { name: 'End stream' }).click();
    await page.getByRole('button', { name: 'Yes, end the stream' }).click();
    expect(await ended).toMatchObject({ sessionId: session.id, status: 'ended' });
    await showsExactly(page.getByTestId('session-status'), 'ended');
    expect(await page.getByRole('button', { name: 'End stream' }).count()).toBe(0);
  });

  it('turns viewer analytics off, and no snapshot is stored for the session afterwards', async () => {
    const { session } = await sessionWithProducts('Quiet hour', [], { live: true });
    // A second session, analytics on, watched by the same viewer: its snapshots keep arriving, so
    // "no new rows for the toggled one" is measured over windows that certainly closed.
    const { session: control } = await sessionWithProducts('Control hour', [], { live: true });
    const viewer = await viewerSocket('guest');
    await sendCommand(viewer, 'join-session', { sessionId: session.id });
    await sendCommand(viewer, 'join-session', { sessionId: control.id });
    const snapshots = (sessionId: string) => stack.db.prisma.viewerSnapshot.count({ where: { sessionId } });

    // Stored while the toggle is on: the test can fail.
    await expect.poll(() => snapshots(session.id), waitLimit).toBeGreaterThan(0);

    const page = await openConsole(session.id, 'Quiet hour');
    const toggle = page.getByRole('checkbox', { name: 'Viewer analytics' });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await page.getByText('Off: no viewer snapshots are stored').waitFor(waitLimit);
    expect(await toggle.isChecked()).toBe(false);
    const stored = await stack.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(stored.enableViewerAnalytics).toBe(false);

    // A batch already on its way when the toggle changed may still land: start counting after the
    // next batch (it carries both sessions' windows, so the control gains a row with it).
    const controlAtToggle = await snapshots(control.id);
    await expect.poll(() => snapshots(control.id), waitLimit).toBeGreaterThan(controlAtToggle);
    const afterToggle = await snapshots(session.id);
    const controlFrom = await snapshots(control.id);
    await expect.poll(() => snapshots(control.id), waitLimit).toBeGreaterThanOrEqual(controlFrom + 3);
    expect(await snapshots(session.id)).toBe(afterToggle);
  });

  it('manages the session products: add, reorder, feature and remove, as the API then holds them', async () => {
    const { session } = await sessionWithProducts('Knitwear', ['Wool hat', 'Wool scarf']);
    await creator.api.products.create({ body: { name: 'Wool socks', price: 9 } });
    const page = await openConsole(session.id, 'Knitwear');
    const names = () => page.getByTestId('session-product').locator('strong').allTextContents();
    const storedNames = async () =>
      (await creator.api.sessionProducts.list({ params: { sessionId: session.id } })).data.map((p) => p.name);
    expect(await names()).toEqual(['Wool hat', 'Wool scarf']);

    await page.getByLabel('Add a product').selectOption({ label: 'Wool socks — 9.00' });
    await page.getByRole('button', { name: 'Add to session' }).click();
    await expect.poll(names, waitLimit).toEqual(['Wool hat', 'Wool scarf', 'Wool socks']);

    await page.getByRole('button', { name: 'Move Wool socks up' }).click();
    await expect.poll(names, waitLimit).toEqual(['Wool hat', 'Wool socks', 'Wool scarf']);
    await page.getByRole('button', { name: 'Move Wool socks up' }).click();
    await expect.poll(names, waitLimit).toEqual(['Wool socks', 'Wool hat', 'Wool scarf']);
    expect(await storedNames()).toEqual(['Wool socks', 'Wool hat', 'Wool scarf']);

    await page.getByRole('button', { name: 'Feature Wool hat' }).click();
    await page.getByRole('button', { name: 'Unfeature Wool hat' }).waitFor(waitLimit);
    const featured = await creator.api.sessionProducts.list({
      params: { sessionId: session.id },
      query: { featured: 'true' },
    });
    expect(featured.data.map((p) => p.name)).toEqual(['Wool hat']);

    await page.getByRole('button', { name: 'Remove Wool scarf' }).click();
    await expect.poll(names, waitLimit).toEqual(['Wool socks', 'Wool hat']);
    expect(await storedNames()).toEqual(['Wool socks', 'Wool hat']);
    // Scheduled: nothing can be showcased yet, and the console says so instead of offering it.
    expect(await page.getByRole('button', { name: /^Showcase / }).count()).toBe(0);
  });

  it('shows the chat as it happens and deletes a message for everyone in the room', async () => {
    const { session } = await sessionWithProducts('Ceramics', [], { live: true });
    const page = await openConsole(session.id, 'Ceramics');
    const author = await viewerSocket(fan);
    const other = await viewerSocket('guest');
    await sendCommand(author, 'join-session', { sessionId: session.id });
    await sendCommand(other, 'join-session', { sessionId: session.id });

    const sent = await sendCommand(author, 'send-message', { sessionId: session.id, message: 'Buy my mugs elsewhere' });
    await sendCommand(author, 'send-message', { sessionId: session.id, message: 'Lovely glaze' });
    const messages = page.getByTestId('chat-message');
    await messages.filter({ hasText: 'Lovely glaze' }).waitFor(waitLimit);

    const deleted = new Promise<EventPayload<'message-deleted'>>((resolve) => {
      other.once('message-deleted', resolve);
    });
    await page.getByRole('button', { name: 'Delete message from Fran Fan: Buy my mugs elsewhere' }).click();
    expect(await deleted).toMatchObject({ sessionId: session.id, messageId: sent.id });
    await expect.poll(() => messages.allTextContents(), waitLimit).toEqual([expect.stringContaining('Lovely glaze')]);
    const kept = await stack.anonymousApi.chat.list({ params: { sessionId: session.id } });
    expect(kept.data.map((message) => message.message)).toEqual(['Lovely glaze']);
  });

  it('is not allowed for another creator, who never joins the room as a viewer', async () => {
    const { session } = await sessionWithProducts('Not yours', [], { live: true });
    const intruder = await stack.register('creator', 'Ivo Other');
    const page = await stack.open(consolePath(session.id), intruder);
    page.setDefaultTimeout(waitLimit.timeout);
    await page.getByText('Not allowed', { exact: true }).waitFor(waitLimit);
    expect(await page.getByRole('button', { name: 'End stream' }).count()).toBe(0);
    const watching = await creator.api.analytics.liveViewers({ params: { sessionId: session.id } });
    expect(watching.data.viewerCount).toBe(0);
  });
});
