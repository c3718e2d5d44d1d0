import type { SessionDetailView } from '@showfloor/contracts/rest';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStack, startBrowserStack, type TestPerson } from './support/browser-stack.ts';
import { screenshotForReadme } from './support/screenshots.ts';

let stack: BrowserStack;
let creator: TestPerson;
let viewer: TestPerson;

beforeAll(async () => {
  // A small chat allowance, so one test can reach it without sending dozens of messages.
  stack = await startBrowserStack({ apiEnv: { CHAT_MAX_MESSAGES: '3', CHAT_WINDOW_MS: '60000' } });
  creator = await stack.register('creator', 'Cora Creator');
  viewer = await stack.register('user', 'Vera Viewer');
});
afterAll(async () => stack?.close());

/** A live session with two products, set up through the API the way the creator console does it. */
async function liveSession(title: string): Promise<SessionDetailView> {
  const products = [];
  for (const [name, price] of [
    ['Mechanical Keyboard', 129.99],
    ['Gaming Mouse', 59.99],
  ] as const) {
    products.push((await creator.api.products.create({ body: { name, price, description: `${name}, demo` } })).data);
  }
  const { data: session } = await creator.api.sessions.create({
    body: { title, category: 'Tech', productIds: [products[0]?.id ?? ''] },
  });
  await creator.api.sessionProducts.add({
    params: { sessionId: session.id },
    body: { productId: products[1]?.id ?? '', featured: true },
  });
  // Without Agora credentials the stream goes live and only the publisher token is refused (503).
  await creator.api.sessions.startStream({ params: { sessionId: session.id } }).catch((error: { status?: number }) => {
    if (error.status !== 503) throw error;
  });
  return (await creator.api.sessions.get({ params: { sessionId: session.id } })).data;
}

/** Live updates take up to a broadcast cadence (click stats: CLICK_BROADCAST_MS) to arrive: poll, never sleep. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 100 });
const roomPath = (session: { id: string }) => `/sessions/${session.id}`;
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim() ?? '';
const watching = (page: Page) => text(page, 'viewer-count');
const chatTexts = (page: Page) => page.getByTestId('chat-message').locator('.chat-text').allTextContents();
const totalViewers = async (sessionId: string) =>
  (await creator.api.analytics.conversionStats({ params: { sessionId } })).data.totalViewers;

describe('the live room', () => {
  let session: SessionDetailView;
  let guest: Page;
  let signedIn: Page;

  beforeAll(async () => {
    session = await liveSession('Keyboards live');
  });

  it('counts a guest and a signed-in viewer once each, through a reload and a second tab, and lets a closed one go', async () => {
    guest = await stack.open(roomPath(session));
    signedIn = await stack.open(roomPath(session), viewer);
    for (const page of [guest, signedIn]) {
      await page.getByRole('heading', { name: 'Keyboards live' }).waitFor();
      await eventually(() => watching(page)).toMatch(/\b2 watching/);
    }
    expect(await text(guest, 'session-status')).toBe('Live');
    expect(await guest.getByTestId('video-not-configured').textContent()).toContain(
      'Video is not configured on this server — everything else here is live',
    );

    // The guest's id is kept in local storage: a reload and a second tab are the same viewer.
    await guest.reload();
    await guest.getByRole('heading', { name: 'Keyboards live' }).waitFor();
    const secondTab = await guest.context().newPage();
    await secondTab.goto(roomPath(session));
    for (const page of [guest, signedIn, secondTab]) await eventually(() => watching(page)).toMatch(/\b2 watching/);
    expect(await totalViewers(session.id)).toBe(2);
    await secondTab.close();

    const leaving = await stack.open(roomPath(session));
    await eventually(() => watching(signedIn)).toMatch(/\b3 watching/);
    await leaving.context().close();
    await eventually(() => watching(signedIn)).toMatch(/\b2 watching/);
    await eventually(() => watching(guest)).toMatch(/\b2 watching/);
    // Five page loads and a login: more than the suite's default 30 s on two busy cores.
  }, 60_000);

  it("shows one viewer's reaction to the other, as a count and a floating emoji", async () => {
    await guest.getByRole('button', { name: 'React with fire' }).click();
    await eventually(() => text(signedIn, 'reaction-count-fire')).toBe('1');
    await signedIn.locator('.floating-reaction[data-type="fire"]').first().waitFor();
    await signedIn.getByRole('button', { name: 'React with clap' }).click();
    await eventually(() => text(guest, 'reaction-count-clap')).toBe('1');
    expect(await text(guest, 'reaction-total')).toBe('2');
  });

  it('carries chat both ways, asks guests to sign in, and drops a message the creator deletes', async () => {
    expect(await guest.getByRole('link', { name: 'Sign in to chat' }).count()).toBe(1);
    await signedIn.getByLabel('Message').fill('Does the keyboard come in white?');
    await signedIn.getByRole('button', { name: 'Send' }).click();
    await eventually(() => chatTexts(guest)).toContain('Does the keyboard come in white?');
    await eventually(() => chatTexts(signedIn)).toContain('Does the keyboard come in white?');
    expect(await guest.getByTestId('chat-message').first().locator('.chat-author').textContent()).toBe('Vera Viewer');

    const { data: messages } = await creator.api.chat.list({ params: { sessionId: session.id } });
    const sent = messages.find((message) => message.message === 'Does the keyboard come in white?');
    await creator.api.chat.delete({ params: { sessionId: session.id, messageId: sent?.id ?? '' } });
    for (const page of [guest, signedIn]) {
      await eventually(() => chatTexts(page)).not.toContain('Does the keyboard come in white?');
    }
    // A reload reads the history over REST: the deleted message stays gone.
    await signedIn.reload();
    await signedIn.getByText('No messages yet').waitFor();
  });

  it("opens a product's details on a click, and the click is acked and counted", async () => {
    const keyboard = guest.getByTestId('session-product').filter({ hasText: 'Mechanical Keyboard' });
    await keyboard.getByRole('button').click();
    await keyboard.getByTestId('product-details').waitFor();
    expect(await keyboard.getByTestId('product-details').textContent()).toContain('Mechanical Keyboard, demo');
    await eventually(() => keyboard.getAttribute('data-click')).toBe('counted');

    const stats = (await creator.api.analytics.conversionStats({ params: { sessionId: session.id } })).data;
    const keyboardId = session.products.find((product) => product.name === 'Mechanical Keyboard')?.id;
    expect(stats.products.find((product) => product.productId === keyboardId)).toMatchObject({
      uniqueClicks: 1,
      totalClicks: 1,
    });
    // The room ranks it among its trending products for everyone.
    await eventually(() => signedIn.getByTestId('trending-products').textContent()).toContain('Mechanical Keyboard');
  });

  it('shows the product the creator showcases, at once, to every viewer', async () => {
    const mouse = session.products.find((product) => product.name === 'Gaming Mouse');
    await creator.api.sessions.showcase({ params: { sessionId: session.id }, body: { productId: mouse?.id ?? null } });
    for (const page of [guest, signedIn]) {
      await page.getByTestId('showcased-product').filter({ hasText: 'Gaming Mouse' }).waitFor();
    }
    await screenshotForReadme(signedIn, 'live-room');
    await signedIn.setViewportSize({ width: 390, height: 844 });
    // One column, the video first.
    const stream = await signedIn.locator('.stream-area').boundingBox();
    const chat = await signedIn.locator('.chat-panel').boundingBox();
    expect(stream && chat && stream.y < chat.y && Math.abs(stream.x - chat.x) < 2).toBe(true);
    expect(stream?.width).toBeLessThanOrEqual(390);
    await screenshotForReadme(signedIn, 'live-room-phone');
    await signedIn.setViewportSize({ width: 1280, height: 860 });
  });

  it('says when the creator pauses, refusing reactions until the stream resumes', async () => {
    await creator.api.sessions.changeStatus({ params: { sessionId: session.id }, body: { status: 'paused' } });
    await guest.getByText('Paused by the creator').waitFor();
    expect(await text(guest, 'session-status')).toBe('Paused');
    expect(await guest.getByRole('button', { name: 'React with fire' }).isDisabled()).toBe(true);
    await creator.api.sessions.changeStatus({ params: { sessionId: session.id }, body: { status: 'live' } });
    await eventually(() => guest.getByRole('button', { name: 'React with fire' }).isEnabled()).toBe(true);
    expect(await guest.getByTestId('stream-paused').count()).toBe(0);
  });

  it('tells every viewer the stream has ended, with its final figures', async () => {
    await creator.api.sessions.endStream({ params: { sessionId: session.id } });
    for (const page of [guest, signedIn]) {
      await page.getByText('This stream has ended').first().waitFor();
      // The totals travel realtime → API after the end; on a loaded machine that can take a while.
      await expect.poll(() => text(page, 'final-reactions'), { timeout: 30_000, interval: 200 }).toBe('2');
      await eventually(() => text(page, 'final-clicks')).toBe('1');
      expect(await text(page, 'final-viewers')).toBe('3');
      expect(await page.getByRole('button', { name: 'React with fire' }).count()).toBe(0);
    }
    expect(await text(guest, 'session-status')).toBe('Ended');
    // Opened afterwards, the room says the same.
    const late = await stack.open(roomPath(session));
    await late.getByTestId('stream-ended').waitFor();
    await eventually(() => text(late, 'final-reactions')).toBe('2');
  });
});

describe('refusals in the room', () => {
  it('shows the chat rate limit as the viewer’s own message, and keeps the page working', async () => {
    const session = await liveSession('Rate limits live');
    const chatty = await stack.register('user', 'Chatty Chad');
    const page = await stack.open(roomPath(session), chatty);
    await eventually(() => watching(page)).toMatch(/\b1 watching/);
    for (let sent = 1; sent <= 4; sent += 1) {
      await page.getByLabel('Message').fill(`message ${sent}`);
      await page.getByRole('button', { name: 'Send' }).click();
      if (sent <= 3) await eventually(() => chatTexts(page)).toContain(`message ${sent}`);
    }
    const refusal = page.locator('.chat-refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/retry in \d+ s/);
    expect(await chatTexts(page)).not.toContain('message 4');
    // What was typed is kept for when the limit lifts.
    expect(await page.getByLabel('Message').inputValue()).toBe('message 4');
  });

  it('says a session does not exist instead of failing', async () => {
    const page = await stack.open('/sessions/00000000-0000-4000-8000-000000000000');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('does not exist');
  });

  it('never downloads the video SDK without Agora credentials', async () => {
    const session = await liveSession('No video here');
    const context = await stack.newContext();
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    await page.goto(roomPath(session));
    await page.getByTestId('video-not-configured').waitFor();
    await eventually(() => watching(page)).toMatch(/\b1 watching/);
    expect(scripts.some((url) => url.includes('live-room-page'))).toBe(true);
    expect(scripts.filter((url) => url.includes('agora'))).toEqual([]);
  });
});

describe('with Agora credentials', () => {
  let videoStack: BrowserStack;
  let videoCreator: TestPerson;

  beforeAll(async () => {
    // Well-formed but unknown to Agora: tokens are issued, and the join fails (this machine is offline too).
    videoStack = await startBrowserStack({
      apiEnv: { AGORA_APP_ID: 'a'.repeat(32), AGORA_APP_CERTIFICATE: 'b'.repeat(32) },
    });
    videoCreator = await videoStack.register('creator', 'Vic Video');
  });
  afterAll(async () => videoStack?.close());

  it('loads the video SDK only in the room, and says so when the stream cannot be joined', async () => {
    const { data: session } = await videoCreator.api.sessions.create({ body: { title: 'Video live' } });
    await videoCreator.api.sessions.startStream({ params: { sessionId: session.id } });
    const page = await (await videoStack.newContext()).newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });

    await page.goto('/');
    await page.getByTestId('live-now').getByTestId('session-card').first().waitFor();
    expect(scripts.filter((path) => path.includes('agora'))).toEqual([]);

    await page.getByTestId('live-now').getByTestId('session-card').first().click();
    await page.getByTestId('stream-player').waitFor();
    expect(scripts.some((path) => path.includes('agora-player'))).toBe(true);
    const failure = page.getByTestId('stream-player').getByRole('alert');
    await failure.waitFor({ timeout: 25_000 });
    expect(await failure.textContent()).toMatch(/could not connect to the video service/i);
    // The rest of the room is live all the same.
    await eventually(() => watching(page)).toMatch(/\b1 watching/);
    expect(await page.getByTestId('video-not-configured').count()).toBe(0);
  }, 45_000);
});
