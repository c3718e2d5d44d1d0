import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStack, startBrowserStack, type TestPerson } from './support/browser-stack.ts';
import { screenshotForReadme } from './support/screenshots.ts';

let stack: BrowserStack;
let creator: TestPerson;
let liveId: string;

/** A word no other session title holds, so each search below knows exactly what it should find. */
const pagedWord = 'zephyrwave';

beforeAll(async () => {
  // The API's read of the realtime counts gives up after LIVE_READ_TIMEOUT_MS and the card then shows
  // no count; under a full test run's load the default 800 ms can pass, and the count is what this checks.
  stack = await startBrowserStack({ apiEnv: { LIVE_READ_TIMEOUT_MS: '5000' } });
  creator = await stack.register('creator', 'Cora Creator');
  const create = async (title: string, category: string, tags: string[] = []) =>
    (await creator.api.sessions.create({ body: { title, category, tags, description: `${title}: a demo stream` } }))
      .data;
  // Thirteen of a kind: one more than a page of results.
  for (let n = 1; n <= 13; n += 1) await create(`${pagedWord} drop ${String(n).padStart(2, '0')}`, 'Music');
  const live = await create('Vintage cameras live', 'Photography', ['film', 'cameras']);
  liveId = live.id;
  await creator.api.sessions.startStream({ params: { sessionId: live.id } }).catch((error: { status?: number }) => {
    if (error.status !== 503) throw error;
  });
  // The newest scheduled session, so it leads the upcoming rail.
  await create('Spring jackets preview', 'Fashion', ['outdoor']);
});
afterAll(async () => stack?.close());

/** Live updates take up to a broadcast cadence (click stats: CLICK_BROADCAST_MS) to arrive: poll, never sleep. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 100 });
const cardTitles = (page: Page, section: string) =>
  page.getByTestId(section).getByTestId('session-card').locator('.session-card-title').allTextContents();

async function search(page: Page, fields: { q?: string; status?: string; category?: string }) {
  await page.getByLabel('Search sessions').fill(fields.q ?? '');
  await page.getByLabel('Status').selectOption(fields.status ?? '');
  await page.getByLabel('Category').fill(fields.category ?? '');
  await page.getByRole('button', { name: 'Search' }).click();
}

describe('Discover', () => {
  it('lists the live session with how many watch it now, and upcoming ones apart', async () => {
    // Two viewers in the room (a guest and a second guest profile).
    const rooms = [await stack.open(`/sessions/${liveId}`), await stack.open(`/sessions/${liveId}`)];
    for (const room of rooms)
      await eventually(() => room.getByTestId('viewer-count').textContent()).toMatch(/2 watching/);

    const page = await stack.open('/');
    await page.getByTestId('live-now').getByTestId('session-card').first().waitFor();
    expect(await cardTitles(page, 'live-now')).toEqual(['Vintage cameras live']);
    const liveCard = page.getByTestId('live-now').getByTestId('session-card');
    expect(await liveCard.getByTestId('card-watching').textContent()).toMatch(/^👁 2 watching$/);
    // Trending lists the same live session, with the same count.
    const trendingCard = page.getByTestId('trending').getByTestId('session-card');
    expect(await trendingCard.getByTestId('card-watching').textContent()).toMatch(/2 watching/);
    // Upcoming sessions have nobody watching to count.
    expect(await page.getByTestId('upcoming').getByTestId('card-watching').count()).toBe(0);
    expect(await liveCard.locator('.badge').textContent()).toBe('Live');
    await screenshotForReadme(page, 'discover');
    const upcoming = await cardTitles(page, 'upcoming');
    expect(upcoming[0]).toBe('Spring jackets preview');
    expect(upcoming).toHaveLength(8);
    expect(upcoming).not.toContain('Vintage cameras live');
    // Fourteen are planned and the rail shows eight: the rest are one link away.
    await page.getByRole('link', { name: 'See all upcoming' }).click();
    await eventually(async () => (await cardTitles(page, 'search-results')).length).toBe(12);
    expect(new URL(page.url()).searchParams.get('status')).toBe('scheduled');
    // The page before stays on screen until the new answer arrives (keepPreviousData): wait for it.
    await eventually(() => page.getByTestId('search-total').textContent()).toContain('14 sessions');
    await page.goBack();
    await page.getByTestId('live-now').getByTestId('session-card').first().waitFor();

    await liveCard.click();
    await page.waitForURL(`**/sessions/${liveId}`);
    await page.getByRole('heading', { name: 'Vintage cameras live' }).waitFor();
  }, 60_000);

  it('finds a session by words and filters, with the search in the URL through reload and back', async () => {
    const page = await stack.open('/');
    await page.getByTestId('live-now').waitFor();
    await search(page, { q: 'cameras' });
    await eventually(() => cardTitles(page, 'search-results')).toEqual(['Vintage cameras live']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('cameras');
    // The rails step aside while searching.
    expect(await page.getByTestId('live-now').count()).toBe(0);

    await page.reload();
    await eventually(() => cardTitles(page, 'search-results')).toEqual(['Vintage cameras live']);
    expect(await page.getByLabel('Search sessions').inputValue()).toBe('cameras');

    await search(page, { status: 'scheduled', category: 'fashion' });
    await eventually(() => cardTitles(page, 'search-results')).toEqual(['Spring jackets preview']);
    expect(await page.getByLabel('Status').inputValue()).toBe('scheduled');

    await search(page, { q: 'cameras', status: 'scheduled' });
    await page.getByText('No session matches this search').waitFor();

    await page.goBack();
    await eventually(() => cardTitles(page, 'search-results')).toEqual(['Spring jackets preview']);
    expect(await page.getByLabel('Category').inputValue()).toBe('fashion');
    await page.goBack();
    await eventually(() => cardTitles(page, 'search-results')).toEqual(['Vintage cameras live']);
  });

  it('pages through results, and back returns to the page before', async () => {
    const page = await stack.open(`/?q=${pagedWord}`);
    await eventually(async () => (await cardTitles(page, 'search-results')).length).toBe(12);
    expect(await page.getByTestId('search-total').textContent()).toContain('13 sessions');
    expect(await page.getByTestId('search-page').textContent()).toBe('Page 1 of 2');

    await page.getByRole('link', { name: 'Next →' }).click();
    await eventually(() => cardTitles(page, 'search-results')).toEqual([`${pagedWord} drop 01`]);
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    expect(await page.getByTestId('search-page').textContent()).toBe('Page 2 of 2');

    await page.goBack();
    await eventually(async () => (await cardTitles(page, 'search-results')).length).toBe(12);
    expect((await cardTitles(page, 'search-results'))[0]).toBe(`${pagedWord} drop 13`);
  });

  it('says what went wrong when the search is refused', async () => {
    const page = await stack.open(`/?q=${encodeURIComponent('a b c d e f g h i j k')}`);
    const alert = page.getByTestId('search-results').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/at most 10 words/);
  });
});
