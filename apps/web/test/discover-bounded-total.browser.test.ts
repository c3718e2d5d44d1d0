import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStack, startBrowserStack } from './support/browser-stack.ts';

let stack: BrowserStack;
const word = 'quillfern';

beforeAll(async () => {
  // The API counts search matches up to a bound (1,000 by default); 12, one page, so thirteen
  // sessions go past it.
  stack = await startBrowserStack({ apiEnv: { SEARCH_EXACT_TOTAL_UP_TO: '12' } });
  const creator = await stack.register('creator', 'Cora Creator');
  for (let n = 1; n <= 13; n += 1)
    await creator.api.sessions.create({ body: { title: `${word} ${String(n).padStart(2, '0')}`, category: 'Music' } });
});
afterAll(async () => stack?.close());

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 100 });

describe('Discover search past the counting bound', () => {
  it('says "more than" and leaves the page count open until the last page', async () => {
    const page = await stack.open(`/?q=${word}`);
    await eventually(async () => page.getByTestId('search-results').getByTestId('session-card').count()).toBe(12);
    expect(await page.getByTestId('search-total').textContent()).toContain('more than 12 sessions');
    expect(await page.getByTestId('search-page').textContent()).toBe('Page 1');

    // The second page is counted to its end, so there the total is exact again.
    await page.getByRole('link', { name: 'Next →' }).click();
    await eventually(() => page.getByTestId('search-page').textContent()).toBe('Page 2 of 2');
    expect(await page.getByTestId('search-total').textContent()).toContain('13 sessions');
    expect(await page.getByRole('link', { name: 'Next →' }).count()).toBe(0);
  });
});
