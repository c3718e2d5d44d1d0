import { readFile } from 'node:fs/promises';
import { type ApiClient, createApiClient, memoryTokenStore } from '@showfloor/client';
import { type FeatureAnalytics, type FeatureAnalyticsQuery, type Gender, restRoutes } from '@showfloor/contracts/rest';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStack, startBrowserStack, type TestPerson } from './support/browser-stack.ts';
import { chartHeadings, chartRows, statFigure } from './support/page-reading.ts';
import { screenshotForReadme } from './support/screenshots.ts';

let stack: BrowserStack;
let admin: TestPerson;
let adminApi: ApiClient;
let ana: TestPerson;

const hourMs = 3_600_000;
const pagePath = '/studio/feature-analytics';

/**
 * Who clicked what, how many hours ago: all within the 66 hours before the test (the API dates an
 * event at most 72 hours back), so "yesterday and today" and the two days before both hold clicks
 * wherever in the day the test runs. Ana and Fay are the women aged 18 to 40 the filters pick.
 */
const clickers: { name: string; age?: number; gender?: Gender; clicks: [feature: string, hoursAgo: number][] }[] = [
  {
    name: 'Ana',
    age: 25,
    gender: 'Female',
    clicks: [
      ['cart.add', 1],
      ['cart.add', 5],
      ['cart.add', 30],
      ['checkout.open', 2],
      ['search.filter', 50],
      ['wishlist.save', 60],
    ],
  },
  {
    name: 'Fay',
    age: 40,
    gender: 'Female',
    clicks: [
      ['cart.add', 3],
      ['search.filter', 4],
      ['search.filter', 26],
      ['search.filter', 55],
      ['checkout.open', 49],
    ],
  },
  {
    name: 'Bo',
    age: 35,
    gender: 'Male',
    clicks: [
      ['cart.add', 2],
      ['checkout.open', 3],
      ['checkout.open', 3.5],
    ],
  },
  { name: 'Tim', age: 15, gender: 'Other', clicks: [['search.filter', 1]] },
  {
    name: 'Gus',
    age: 52,
    gender: 'Female',
    clicks: [
      ['wishlist.save', 6],
      ['cart.add', 52],
    ],
  },
  {
    name: 'Nova',
    clicks: [
      ['cart.add', 1],
      ['search.filter', 2],
    ],
  },
];

/** A calendar day `offset` days from today in `timeZone`, as the date inputs and the API write it. */
function dayIn(timeZone: string, offset: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  const day = new Date(`${today}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + offset);
  return day.toISOString().slice(0, 10);
}

/** A summary figure's text by its label. */
const figure = (page: Page, label: string) => statFigure(page, 'feature-summary', label);

async function answer(query: FeatureAnalyticsQuery): Promise<FeatureAnalytics> {
  return (await adminApi.featureAnalytics.dashboard({ query })).data;
}

/** What the page's charts must show for the API's answer. */
function expectedBars(analytics: FeatureAnalytics) {
  return analytics.bar_chart.map((bar) => ({ at: bar.feature_name, values: [bar.total_clicks, bar.unique_users] }));
}
function expectedLine(analytics: FeatureAnalytics, withPrevious = false) {
  return analytics.line_chart.map((point, index) => ({
    at: point.date,
    values: withPrevious
      ? [point.click_count, analytics.previous?.line_chart[index]?.click_count ?? null]
      : [point.click_count],
  }));
}

/**
 * Clicks the middle of the bar chart's column `index` of `count`. Chart.js picks the column under
 * the pointer (index mode), so the estimate of the y axis' width need only land inside it.
 */
async function clickBarColumn(page: Page, index: number, count: number) {
  const canvas = page.locator('figure[data-chart="Clicks per feature"] canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the bar chart has no canvas on screen');
  const axisWidth = 36;
  const column = (box.width - axisWidth) / count;
  await canvas.click({ position: { x: axisWidth + column * (index + 0.5), y: box.height * 0.4 } });
}

beforeAll(async () => {
  stack = await startBrowserStack();
  // Nobody can make themselves an admin through the API, so the test promotes one in the database,
  // then signs in afresh (a token issued before carries the old role).
  admin = await stack.register('user', 'Ada Admin');
  await stack.db.prisma.user.update({ where: { id: admin.user.id }, data: { role: 'admin' } });
  adminApi = createApiClient({ baseUrl: stack.baseUrl, tokens: memoryTokenStore() });
  await adminApi.auth.login({ body: { username: admin.username, password: admin.password } });

  const now = Date.now();
  for (const clicker of clickers) {
    const person = await stack.register('user', clicker.name);
    if (clicker.age !== undefined || clicker.gender !== undefined) {
      await person.api.auth.update({ body: { age: clicker.age, gender: clicker.gender } });
    }
    const events = clicker.clicks.map(([feature, hoursAgo]) => ({
      feature_name: feature,
      occurredAt: new Date(now - hoursAgo * hourMs).toISOString(),
    }));
    const { data } = await person.api.featureAnalytics.trackBatch({ body: { events } });
    expect(data.stored).toBe(events.length);
    if (clicker.name === 'Ana') ana = person;
  }
});
afterAll(async () => stack?.close());

describe('feature analytics', () => {
  it('shows an admin the API’s figures for the filters applied, follows a clicked bar, compares, and exports CSV', async () => {
    const page = await (await stack.newContext(admin)).newPage();
    // Chart.js then draws at once: the README's picture never catches a chart half-grown.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Feature analytics' }).click();
    await page.waitForURL((url) => url.pathname === pagePath);

    // No filters yet: the API's default range, counted in the browser's own zone.
    const browserZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const unfiltered = await answer({ tz: browserZone });
    await expect.poll(() => chartRows(page, 'Clicks per feature')).toEqual(expectedBars(unfiltered));
    expect(await figure(page, 'Date range')).toContain(`(${browserZone})`);

    const tz = 'Asia/Tokyo';
    const filters = { start_date: dayIn(tz, -1), end_date: dayIn(tz, 0), age: '18-40', gender: 'Female', tz } as const;
    await page.getByLabel('From', { exact: true }).fill(filters.start_date);
    await page.getByLabel('To', { exact: true }).fill(filters.end_date);
    await page.getByLabel('Age').selectOption(filters.age);
    await page.getByLabel('Gender').selectOption(filters.gender);
    await page.getByLabel('Time zone').selectOption(tz);
    await page.getByRole('button', { name: 'Apply' }).click();

    const filtered = await answer(filters);
    expect(filtered.bar_chart.length).toBeGreaterThan(1);
    await expect.poll(() => chartRows(page, 'Clicks per feature')).toEqual(expectedBars(filtered));
    expect(await chartHeadings(page, 'Clicks per feature')).toEqual(['Feature', 'Clicks', 'Unique users']);
    expect(await chartRows(page, 'Clicks over time')).toEqual(expectedLine(filtered));
    expect(await chartHeadings(page, 'Clicks over time')).toEqual(['Day', filtered.summary.active_feature]);
    expect(await figure(page, 'Total clicks')).toBe(String(filtered.summary.total_clicks));
    expect(await figure(page, 'Unique users')).toBe(String(filtered.summary.unique_users));
    expect(await figure(page, 'Active feature')).toBe(filtered.summary.active_feature);
    expect(
      await page
        .getByTestId('feature-summary')
        .locator('time')
        .evaluateAll((times) => times.map((time) => time.getAttribute('datetime'))),
    ).toEqual([filters.start_date, filters.end_date]);
    expect(await figure(page, 'Date range')).toContain(`(${tz})`);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual(filters);

    // A click on the second feature's bars makes it the line chart's feature.
    const second = filtered.bar_chart[1]?.feature_name ?? '';
    await clickBarColumn(page, 1, filtered.bar_chart.length);
    await page.waitForURL((url) => url.searchParams.get('feature') === second);
    const followed = await answer({ ...filters, feature: second });
    await expect.poll(() => chartHeadings(page, 'Clicks over time')).toEqual(['Day', second]);
    expect(await chartRows(page, 'Clicks over time')).toEqual(expectedLine(followed));
    expect(await figure(page, 'Active feature')).toBe(second);
    // The bars stay the range's; only the line changed feature.
    expect(await chartRows(page, 'Clicks per feature')).toEqual(expectedBars(filtered));

    // The period of equal length just before, as a second line.
    await page.getByLabel('Compare to previous period').check();
    const compared = await answer({ ...filters, feature: second, compare: 'previous' });
    expect(compared.previous?.summary.total_clicks).toBeGreaterThan(0);
    await expect
      .poll(() => chartHeadings(page, 'Clicks over time'))
      .toEqual(['Day', second, `${second}, previous period`]);
    expect(await chartRows(page, 'Clicks over time')).toEqual(expectedLine(compared, true));
    const previousRange = page.getByTestId('previous-period');
    expect(
      await previousRange.locator('time').evaluateAll((times) => times.map((time) => time.getAttribute('datetime'))),
    ).toEqual([dayIn(tz, -3), dayIn(tz, -2)]);
    expect(await previousRange.textContent()).toContain(`${compared.previous?.summary.total_clicks} clicks`);
    // Tall enough for the whole dashboard, the previous period's line under the chart included.
    if (process.env.UPDATE_SCREENSHOTS === '1') await page.setViewportSize({ width: 1280, height: 960 });
    await screenshotForReadme(page, 'feature-analytics');

    // The same query as CSV, saved through a Blob URL.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`feature-analytics_${filters.start_date}_${filters.end_date}.csv`);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toBe(
      await adminApi.text(restRoutes.featureAnalytics.dashboard, {
        query: { ...filters, feature: second, compare: 'previous', format: 'csv' },
      }),
    );
    expect(csv.split('\n')[0]).toBe('date,feature_name,click_count');
    expect(csv.split('\n').length).toBeGreaterThan(2);

    // The interval is the line chart's own control, kept in the URL like the rest.
    await page.getByLabel('Interval').selectOption('week');
    const weekly = await answer({ ...filters, feature: second, compare: 'previous', interval: 'week' });
    await expect.poll(() => chartHeadings(page, 'Clicks over time')).toContain('Week of');
    expect(await chartRows(page, 'Clicks over time')).toEqual(expectedLine(weekly, true));

    // A reload shows the same: every control is in the URL.
    await page.reload();
    await expect.poll(() => chartRows(page, 'Clicks over time')).toEqual(expectedLine(weekly, true));
    expect(await page.getByLabel('Age').inputValue()).toBe('18-40');
    expect(await page.getByLabel('Time zone').inputValue()).toBe(tz);
    expect(await page.getByLabel('Compare to previous period').isChecked()).toBe(true);

    // The page tracked its own use: the admin's events (no age or gender: counted under "all" only).
    await expect
      .poll(
        async () =>
          (await answer({})).bar_chart
            .filter((bar) => bar.feature_name.startsWith('feature_analytics.'))
            .map((bar) => [bar.feature_name, bar.total_clicks, bar.unique_users]),
        { timeout: 10_000 },
      )
      .toEqual([
        ['feature_analytics.bar_select', 1, 1],
        ['feature_analytics.compare', 1, 1],
        ['feature_analytics.csv_export', 1, 1],
        ['feature_analytics.filter', 1, 1],
        ['feature_analytics.interval', 1, 1],
      ]);
    // None of it under the filters the admin applied, so the figures above stayed the seeded ones.
    expect((await answer(filters)).bar_chart).toEqual(filtered.bar_chart);
  });

  it('says there are no clicks when the filters match nobody', async () => {
    const page = await stack.open(`${pagePath}?age=%3C18&gender=Female`, admin);
    await page.getByText('No clicks in this range').waitFor();
    expect(await figure(page, 'Total clicks')).toBe('0');
    expect(await page.getByRole('table', { name: 'Clicks per feature' }).count()).toBe(0);
    expect(await page.getByLabel('Age').inputValue()).toBe('<18');
  });

  it('tells a user who is not an admin they are not allowed, with no link to it and no figures', async () => {
    const home = await stack.open('/', ana);
    await home.getByTestId('signed-in-as').waitFor();
    expect(await home.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).not.toContain(
      'Feature analytics',
    );

    const page = await stack.open(pagePath, ana);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('strong').textContent()).toBe('Not allowed');
    expect(await page.getByRole('table', { name: 'Clicks per feature' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Download CSV' }).count()).toBe(0);
  });
});
