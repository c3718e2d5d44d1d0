import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStack, startBrowserStack, type TestPerson } from './support/browser-stack.ts';
import { chartRows, statFigure as figure, openStill as openStillIn } from './support/page-reading.ts';
import { screenshotForReadme } from './support/screenshots.ts';

let stack: BrowserStack;
let creator: TestPerson;
let viewer: TestPerson;
const dayMs = 86_400_000;
const utcDay = (time: Date) => time.toISOString().slice(0, 10);
let today: string;
let threeDaysAgo: string;

const openStill = (path: string, person: TestPerson) => openStillIn(stack, path, person);

beforeAll(async () => {
  stack = await startBrowserStack();
  creator = await stack.register('creator', 'Carla Creator');
  viewer = await stack.register('user', 'Vera Viewer');

  // Two sessions: one planned today, one streamed three days ago (its creation moved back, and its
  // stored end-of-stream figures written as the realtime service would have left them).
  const { data: planned } = await creator.api.sessions.create({ body: { title: 'Spring lamps preview' } });
  const { data: past } = await creator.api.sessions.create({ body: { title: 'Winter sale' } });
  const pastCreated = new Date(past.createdAt.getTime() - 3 * dayMs);
  await stack.db.prisma.session.update({
    where: { id: past.id },
    data: {
      createdAt: pastCreated,
      status: 'ended',
      startedAt: pastCreated,
      endedAt: new Date(pastCreated.getTime() + 3_600_000),
      peakViewers: 12,
      reactionCounts: { heart: 7, like: 3 },
    },
  });
  today = utcDay(planned.createdAt);
  threeDaysAgo = utcDay(pastCreated);
});
afterAll(async () => stack?.close());

describe('creator dashboard', () => {
  it('shows the creator’s totals, reactions and sessions over time, and links each session', async () => {
    const page = await openStill('/studio', creator);
    await page.getByTestId('creator-totals').waitFor();

    expect(await figure(page, 'creator-totals', 'Sessions')).toBe('2');
    expect(await figure(page, 'creator-totals', 'Ended')).toBe('1');
    expect(await figure(page, 'creator-totals', 'Scheduled')).toBe('1');
    expect(await figure(page, 'creator-totals', 'Peak at once')).toBe('12');
    expect(await figure(page, 'creator-reactions', 'heart')).toBe('7');
    expect(await figure(page, 'creator-reactions', 'like')).toBe('3');

    // One bar per day from the first session's day to the last, the days between at zero.
    const days = Array.from({ length: 4 }, (_, index) =>
      utcDay(new Date(Date.parse(`${threeDaysAgo}T00:00:00Z`) + index * dayMs)),
    );
    expect(days.at(-1)).toBe(today);
    expect(await chartRows(page, 'Sessions created over time')).toEqual([
      { at: days[0], values: [1] },
      { at: days[1], values: [0] },
      { at: days[2], values: [0] },
      { at: days[3], values: [1] },
    ]);

    const list = page.getByTestId('creator-sessions');
    expect(await list.locator('tbody th').allTextContents()).toEqual(['Spring lamps preview', 'Winter sale']);
    expect(await list.locator('tbody .badge').allTextContents()).toEqual(['scheduled', 'ended']);
    const analyticsLink = page.getByRole('link', { name: 'Analytics of Winter sale' });
    await screenshotForReadme(page, 'creator-dashboard');
    await analyticsLink.click();
    await page.getByRole('heading', { name: 'Winter sale' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/studio\/sessions\/[0-9a-f-]{36}\/analytics$/);
  });

  it('creates a session from the form and lands on its console', async () => {
    const page = await stack.open('/studio', creator);
    await page.getByLabel('Title').waitFor();

    // Refused before anything is sent: the title is required.
    await page.getByRole('button', { name: 'Create session' }).click();
    await page.locator('.field-error').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/studio');

    await page.getByLabel('Title').fill('Reading lamps Q&A');
    await page.getByLabel('Description (optional)').fill('Questions about the new range.');
    await page.getByLabel('Category (optional)').fill('Home');
    await page.getByLabel('Tags (optional)').fill('lamps, reading , ');
    await page.getByRole('button', { name: 'Create session' }).click();
    await page.waitForURL((url) => /^\/studio\/sessions\/[0-9a-f-]{36}$/.test(url.pathname));

    const sessionId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const { data } = await creator.api.sessions.get({ params: { sessionId } });
    expect(data).toMatchObject({
      title: 'Reading lamps Q&A',
      description: 'Questions about the new range.',
      category: 'Home',
      tags: ['lamps', 'reading'],
      status: 'scheduled',
      creatorId: creator.user.id,
    });
  });

  it('explains the studio to an account without a creator role instead of failing', async () => {
    const page = await stack.open('/studio', viewer);
    const note = page.getByTestId('not-a-creator');
    await note.waitFor();
    expect(await note.textContent()).toContain('The studio is for creators');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create session' }).count()).toBe(0);
  });
});
