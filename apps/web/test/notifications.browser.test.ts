import { randomUUID } from 'node:crypto';
import {
  type ApiClient,
  createApiClient,
  createRealtimeSocket,
  memoryTokenStore,
  type RealtimeSocket,
  sendCommand,
} from '@showfloor/client';
import type { CreateNotificationBody } from '@showfloor/contracts/rest';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStack, startBrowserStack, type TestPerson } from './support/browser-stack.ts';
import { openStill } from './support/page-reading.ts';
import { screenshotForReadme } from './support/screenshots.ts';

/*
 * The bell, the notifications and the activity feed, live: an admin's notification reaches the
 * user's open page without a reload, two tabs of one user always show the same badge, and the
 * activity feed grows at the top as things happen while "Load more" reads older pages.
 */

let stack: BrowserStack;
let adminApi: ApiClient;

beforeAll(async () => {
  stack = await startBrowserStack();
  // Nobody can make themselves an admin through the API, so the test promotes one in the database.
  const admin = await stack.register('user', 'Ada Admin');
  await stack.db.prisma.user.update({ where: { id: admin.user.id }, data: { role: 'admin' } });
  adminApi = createApiClient({ baseUrl: stack.baseUrl, tokens: memoryTokenStore() });
  await adminApi.auth.login({ body: { username: admin.username, password: admin.password } });
});
const guests: RealtimeSocket[] = [];
afterAll(async () => {
  for (const socket of guests) socket.disconnect();
  await stack?.close();
});

/** A guest viewer's socket in a session's room. */
async function guestIn(sessionId: string): Promise<RealtimeSocket> {
  const socket = createRealtimeSocket({
    url: stack.realtime.url,
    guestId: randomUUID(),
    socket: { transports: ['websocket'], forceNew: true, reconnection: false },
  });
  guests.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await sendCommand(socket, 'join-session', { sessionId });
  return socket;
}

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 100 });

async function notify(
  person: TestPerson,
  notification: Omit<CreateNotificationBody, 'userId' | 'data'> & { link?: string },
) {
  const { link, ...body } = notification;
  await adminApi.notifications.create({
    body: { ...body, userId: person.user.id, ...(link ? { data: { link } } : {}) },
  });
}

/** The page is signed in and its socket connected, so a push sent now reaches it. */
async function openLive(path: string, person: TestPerson): Promise<Page> {
  const page = await openStill(stack, path, person);
  await page.locator('header[data-realtime="connected"]').waitFor();
  await page.getByTestId('notification-bell').waitFor();
  return page;
}

/** The bell's badge as shown: '' when there is none (read without waiting, as it may vanish meanwhile). */
async function badge(page: Page): Promise<string> {
  const [shown] = await page.getByTestId('notification-badge').allTextContents();
  return shown?.trim() ?? '';
}

const panelTitles = (page: Page) =>
  page.getByTestId('notification-panel').getByTestId('notification-item').locator('.feed-item-title').allTextContents();

describe('the notification bell', () => {
  it('shows an admin’s notification at once, in the badge and the open panel, and its link marks it read', async () => {
    const person = await stack.register('creator', 'Nina Notified');
    await notify(person, {
      type: 'system',
      title: 'Stream ended: Winter lamps',
      message: 'Peak 148 watching, 612 viewers in all; most clicked: Brass desk lamp',
    });
    await notify(person, { type: 'achievement', title: '7-day streak', message: 'You streamed 7 days in a row.' });
    const page = await openLive('/', person);
    await eventually(() => badge(page)).toBe('2');
    await page.getByTestId('notification-bell').click();
    await eventually(() => panelTitles(page)).toEqual(['7-day streak', 'Stream ended: Winter lamps']);
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await eventually(() => badge(page)).toBe('');

    // With the panel open, nothing is read again: what arrives is the push itself.
    await notify(person, {
      type: 'milestone',
      title: '100 watching “Spring lamps”',
      message: 'Your live session just crossed 100 concurrent viewers.',
      link: '/studio',
    });
    await eventually(() => badge(page)).toBe('1');
    await eventually(() => panelTitles(page)).toEqual([
      '100 watching “Spring lamps”',
      '7-day streak',
      'Stream ended: Winter lamps',
    ]);
    const newest = page.getByTestId('notification-panel').getByTestId('notification-item').first();
    expect(await newest.getAttribute('data-unread')).toBe('true');
    expect(await newest.locator('.feed-item-text').textContent()).toBe(
      'Your live session just crossed 100 concurrent viewers.',
    );
    await screenshotForReadme(page, 'notifications');

    // Its title is an in-app link: following it opens the page, closes the panel and marks it read.
    await newest.getByRole('link', { name: '100 watching “Spring lamps”' }).click();
    await page.waitForURL((url) => url.pathname === '/studio');
    await eventually(() => badge(page)).toBe('');
    expect(await page.getByTestId('notification-panel').count()).toBe(0);
    const { data } = await person.api.notifications.unreadCount({ params: { userId: 'me' } });
    expect(data.unread).toBe(0);
  });

  it('keeps two tabs of one user on the same number: "Mark all read" in one clears the badge in the other', async () => {
    const person = await stack.register('user', 'Tomas Twotabs');
    const first = await openLive('/', person);
    const second = await openLive('/', person);
    await notify(person, { type: 'social', title: 'Cora went live', message: 'Cora Creator is live: Keyboards.' });
    await notify(person, { type: 'reminder', title: 'Lamps Q&A is back', message: 'Scheduled again for Friday.' });
    for (const page of [first, second]) await eventually(() => badge(page)).toBe('2');

    await first.getByTestId('notification-bell').click();
    await first.getByRole('button', { name: 'Mark all read' }).click();
    for (const page of [first, second]) await eventually(() => badge(page)).toBe('');

    // One read in the second tab's page: the first tab's badge follows it too.
    await notify(person, { type: 'system', title: 'Maintenance tonight', message: 'Chat pauses at 02:00 UTC.' });
    for (const page of [first, second]) await eventually(() => badge(page)).toBe('1');
    await second.goto('/me/notifications?unread=true');
    await second.getByRole('button', { name: 'Mark “Maintenance tonight” read' }).click();
    for (const page of [first, second]) await eventually(() => badge(page)).toBe('');

    // Deleting one, and Clear all, on the page.
    await second.goto('/me/notifications');
    const titles = () => second.getByTestId('notification-item').locator('.feed-item-title').allTextContents();
    await eventually(titles).toEqual(['Maintenance tonight', 'Lamps Q&A is back', 'Cora went live']);
    await second.getByRole('button', { name: 'Delete “Lamps Q&A is back”' }).click();
    await eventually(titles).toEqual(['Maintenance tonight', 'Cora went live']);
    await second.getByRole('button', { name: 'Clear all' }).click();
    await second.getByRole('button', { name: 'Delete all' }).click();
    await second.getByText('No notifications yet.').waitFor();
    const { data } = await person.api.notifications.list({ params: { userId: 'me' } });
    expect(data).toEqual([]);
  });

  it('reads the counts again when its connection comes back, for what was sent while it was away', async () => {
    const person = await stack.register('user', 'Otto Offline');
    const page = await openLive('/', person);
    await page.context().setOffline(true);
    await page.locator('header[data-realtime="paused"]').waitFor();
    await notify(person, { type: 'system', title: 'Sent while away', message: 'You were offline.' });
    expect(await badge(page)).toBe('');
    await page.context().setOffline(false);
    await page.locator('header[data-realtime="connected"]').waitFor();
    await eventually(() => badge(page)).toBe('1');
  });
});

describe('the activity feed', () => {
  it('shows a new activity live at the top, and "Load more" reads the older pages', async () => {
    const person = await stack.register('user', 'Aiko Active');
    for (let index = 1; index <= 24; index += 1) {
      await person.api.activities.create({ body: { title: `Bookmarked lamp ${index}` } });
    }
    const page = await openLive('/me/activity', person);
    const titles = () => page.getByTestId('activity-item').locator('.feed-item-title').allTextContents();
    // A page is 20, newest first; the sign-ins the API records land in the feed too.
    await eventually(async () => (await titles()).length).toBe(20);
    expect((await titles()).filter((title) => title.startsWith('Bookmarked'))[0]).toBe('Bookmarked lamp 24');

    await page.getByRole('button', { name: 'Load more' }).click();
    await eventually(async () => (await titles()).filter((title) => title.startsWith('Bookmarked')).length).toBe(24);
    expect((await titles()).filter((title) => title.startsWith('Bookmarked')).at(-1)).toBe('Bookmarked lamp 1');
    expect(new Set(await titles()).size).toBe((await titles()).length);

    await person.api.activities.create({ body: { title: 'Saved the Brass desk lamp', description: 'For later.' } });
    await eventually(async () => (await titles())[0]).toBe('Saved the Brass desk lamp');
    const newest = page.getByTestId('activity-item').first();
    expect(await newest.getAttribute('data-unread')).toBe('true');

    // Mark read, then read all.
    await newest.getByRole('button', { name: 'Mark “Saved the Brass desk lamp” read' }).click();
    await eventually(() => newest.getAttribute('data-unread')).toBe('false');
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await eventually(() => page.locator('[data-testid="activity-item"][data-unread="true"]').count()).toBe(0);
    await eventually(async () => (await page.getByTestId('activity-unread').textContent())?.trim()).toBe('0 unread');
  });
});

describe('a milestone', () => {
  it('reaches the creator’s bell without a reload when their live session crosses 10 viewers, once', async () => {
    const creator = await stack.register('creator', 'Mila Milestone');
    const { data: session } = await creator.api.sessions.create({ body: { title: 'Lamp restoration' } });
    await creator.api.sessions.changeStatus({ params: { sessionId: session.id }, body: { status: 'live' } });
    const page = await openLive('/', creator);
    await eventually(() => badge(page)).toBe('');

    const crowd = await Promise.all(Array.from({ length: 10 }, () => guestIn(session.id)));
    await eventually(() => badge(page)).toBe('1');
    // One viewer leaves and another comes: 9, then 10 again — still the one notification.
    crowd[0]?.disconnect();
    await guestIn(session.id);
    await page.getByTestId('notification-bell').click();
    await eventually(() => panelTitles(page)).toEqual(['10 watching at once!']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await panelTitles(page)).toEqual(['10 watching at once!']);
    expect(await badge(page)).toBe('1');
  });
});
