import { readFile } from 'node:fs/promises';
import { type ApiClient, createApiClient, memoryTokenStore } from '@showfloor/client';
import { restRoutes, type VisitorTimeseriesQuery } from '@showfloor/contracts/rest';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStack, startBrowserStack, type TestPerson } from './support/browser-stack.ts';
import { chartRows, statFigure } from './support/page-reading.ts';
import { screenshotForReadme } from './support/screenshots.ts';
import { startTrackerSite } from './support/tracker-site.ts';

/*
 * The Visitors page against the real services: a website running Plausible's own tracker in one
 * browser, the admin's dashboard in another.
 */

const pagePath = '/studio/visitors';
const alertThreshold = 3;
// A person's Chrome: the collector drops HeadlessChrome as the bot it is.
const desktopChrome =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

let stack: BrowserStack;
let admin: TestPerson;
let adminApi: ApiClient;
let site: Awaited<ReturnType<typeof startTrackerSite>>;
let dashboard: Page;
const ownContexts: BrowserContext[] = [];

const liveFigure = (page: Page, label: string) => statFigure(page, 'visitors-live-figures', label);
const historyFigure = (page: Page, label: string) => statFigure(page, 'visitors-history-totals', label);

/** The seed's own events, sent as a website's server would (a browser's User-Agent, so not a bot). */
async function sendEvents(events: object[]): Promise<void> {
  const response = await fetch(`${stack.realtime.url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': desktopChrome },
    body: JSON.stringify(events),
  });
  expect(response.status).toBe(200);
}

async function history(query: VisitorTimeseriesQuery = {}) {
  return (await adminApi.visitorHistory.timeseries({ query })).data;
}

/** The live sessions table's rows as the admin reads them. */
function sessionRows(page: Page) {
  return page.locator('table.visitors-sessions tbody tr').evaluateAll((rows) =>
    rows.map((row) => ({
      journey: [...row.querySelectorAll('[data-column="journey"] li')].map((item) => item.textContent),
      device: row.querySelector('[data-column="device"]')?.textContent,
      browser: row.querySelector('[data-column="browser"]')?.textContent,
    })),
  );
}

beforeAll(async () => {
  stack = await startBrowserStack({
    realtimeEnv: { ALERT_THRESHOLD: String(alertThreshold), VISITOR_BROADCAST_MS: '200' },
  });
  // Nobody can make themselves an admin through the API: promoted in the database, then signed in afresh.
  admin = await stack.register('user', 'Ada Admin');
  await stack.db.prisma.user.update({ where: { id: admin.user.id }, data: { role: 'admin' } });
  adminApi = createApiClient({ baseUrl: stack.baseUrl, tokens: memoryTokenStore() });
  await adminApi.auth.login({ body: { username: admin.username, password: admin.password } });
  site = await startTrackerSite(`${stack.realtime.url}/api/event`);

  dashboard = await (await stack.newContext(admin)).newPage();
  await dashboard.emulateMedia({ reducedMotion: 'reduce' });
  await dashboard.goto('/');
  await dashboard.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Visitors' }).click();
  await dashboard.waitForURL((url) => url.pathname === pagePath);
  await dashboard.getByTestId('visitors-live-status').getByText('Live', { exact: true }).waitFor();
});
afterAll(async () => {
  for (const context of ownContexts) await context.close().catch(() => undefined);
  await stack?.close();
  await site?.close();
});

describe('the Visitors page', () => {
  it('shows a visitor of a site running Plausible’s tracker live, journey, device and browser, and drops them when the tab closes', async () => {
    // "Live" means the socket is up; the figures follow with the page's first read.
    await expect.poll(() => liveFigure(dashboard, 'Active now')).toBe('0');

    const visitorContext = await stack.browser.newContext({ userAgent: desktopChrome });
    ownContexts.push(visitorContext);
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${site.url}/`);
    await expect.poll(() => liveFigure(dashboard, 'Active now')).toBe('1');
    // A single-page app's navigation (pushState), then a real link to a new page.
    await visitor.getByRole('link', { name: 'Pricing' }).click();
    await visitor.waitForURL(`${site.url}/pricing`);
    await visitor.getByRole('link', { name: 'About us' }).click();
    await visitor.waitForURL(`${site.url}/about`);

    // Session activity is coalesced to one batch per VISITOR_BROADCAST_MS (1 s): the last page
    // may come a whole interval after it was sent, so a poll's default second is too short.
    await expect
      .poll(() => sessionRows(dashboard), { timeout: 5_000 })
      .toEqual([{ journey: ['/', '/pricing', '/about'], device: 'desktop', browser: 'Chrome' }]);
    await expect.poll(() => liveFigure(dashboard, 'Active now')).toBe('1');
    const feed = await dashboard.getByTestId('visitor-feed').locator('li code').allTextContents();
    expect(feed.slice(0, 3)).toEqual(['/about', '/pricing', '/']);
    await expect
      .poll(() => dashboard.getByRole('table', { name: 'Top pages' }).locator('th').allTextContents(), {
        timeout: 5_000,
      })
      .toEqual(expect.arrayContaining(['/', '/pricing', '/about']));

    // The tracker's own engagement event on the way out ends the visit's time "on the site now".
    await visitor.close();
    await expect.poll(() => liveFigure(dashboard, 'Active now'), { timeout: 10_000 }).toBe('0');
  });

  it('shows an alert when visitors in the last minute cross the threshold', async () => {
    expect(await dashboard.getByTestId('visitor-alerts').locator('.banner').count()).toBe(0);
    await sendEvents(
      Array.from({ length: alertThreshold + 2 }, (_, at) => ({
        type: 'pageview',
        page: '/launch',
        session_id: `burst-${at}`,
        country: 'India',
        metadata: { device: 'mobile', referrer: 'news.ycombinator.com' },
      })),
    );
    const alert = dashboard.getByTestId('visitor-alerts').locator('.banner');
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.textContent()).toContain('High visitor activity detected!');
    expect(await alert.textContent()).toContain(`above ${alertThreshold}`);
  });

  it('charts the stored history, and a filter narrows it to the visits it matches', async () => {
    await sendEvents([
      { type: 'pageview', page: '/pricing', session_id: 'h-1', country: 'France', metadata: { device: 'desktop' } },
      { type: 'pageview', page: '/docs', session_id: 'h-1', country: 'France', metadata: { device: 'desktop' } },
      { type: 'pageview', page: '/pricing', session_id: 'h-2', country: 'Japan', metadata: { device: 'tablet' } },
    ]);
    // Every event so far reaches the API through the delivery pipeline: the tracker's 3 pageviews,
    // the burst's and these.
    const expectedPageviews = 3 + alertThreshold + 2 + 3;
    await expect.poll(async () => (await history()).totals.pageviews, { timeout: 15_000 }).toBe(expectedPageviews);
    await dashboard.reload();

    const all = await history();
    await expect.poll(() => historyFigure(dashboard, 'Pageviews')).toBe(String(all.totals.pageviews));
    expect(await historyFigure(dashboard, 'Visitors')).toBe(String(all.totals.visitors));
    const overTime = await chartRows(dashboard, 'Visitors over time');
    expect(overTime.reduce((sum, row) => sum + (row.values[1] ?? 0), 0)).toBe(all.totals.pageviews);
    const byPage = await chartRows(dashboard, 'Visitors by page');
    expect(byPage.map((row) => row.at)).toEqual(expect.arrayContaining(['/pricing', '/docs', '/launch', '/about']));

    await dashboard.getByLabel('Filter on').selectOption('page');
    await dashboard.getByLabel('Match').selectOption('is');
    await dashboard.getByLabel('Value').fill('/pricing');
    await dashboard.getByRole('button', { name: 'Add filter' }).click();
    await dashboard.waitForURL((url) => url.searchParams.get('filter') === 'page:is:/pricing');

    const pricing = await history({ filter: 'page:is:/pricing' });
    const pricingPages = (
      await adminApi.visitorHistory.breakdown({ params: { dimension: 'page' }, query: { filter: 'page:is:/pricing' } })
    ).data.rows.map((row) => row.value);
    // The tracker's visitor, h-1 and h-2 saw /pricing; the burst's visitors did not.
    expect(pricing.totals.visitors).toBe(3);
    expect(pricing.totals.pageviews).toBeLessThan(all.totals.pageviews);
    await expect.poll(() => historyFigure(dashboard, 'Pageviews')).toBe(String(pricing.totals.pageviews));
    expect(await historyFigure(dashboard, 'Visitors')).toBe('3');
    await expect
      .poll(async () => (await chartRows(dashboard, 'Visitors by page')).map((row) => row.at))
      .toEqual(pricingPages);

    // The timeseries as CSV, saved through a Blob URL: the API's own CSV for the filter.
    const [download] = await Promise.all([
      dashboard.waitForEvent('download'),
      dashboard.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const [header = '', ...lines] = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    const pageviewsColumn = header.split(',').indexOf('pageviews');
    expect(pageviewsColumn).toBeGreaterThan(0);
    const csvPageviews = lines.reduce((sum, line) => sum + Number(line.split(',')[pageviewsColumn]), 0);
    expect(csvPageviews).toBe(pricing.totals.pageviews);

    // The admin's filter and export were recorded as the dashboard's feature events (feature analytics).
    await expect
      .poll(
        async () =>
          (await adminApi.featureAnalytics.dashboard({ query: {} })).data.bar_chart
            .map((bar) => bar.feature_name)
            .filter((name) => name.startsWith('visitors_dashboard.'))
            .sort(),
        { timeout: 10_000 },
      )
      .toEqual(['visitors_dashboard.csv_exported', 'visitors_dashboard.filter_applied']);
  });

  it('shows a new pageview in the feed as it happens', async () => {
    await sendEvents([
      { type: 'pageview', page: '/blog/launch', session_id: 'f-1', country: 'Brazil', metadata: { device: 'mobile' } },
    ]);
    await expect
      .poll(() => dashboard.getByTestId('visitor-feed').locator('li code').first().textContent())
      .toBe('/blog/launch');
    // Tall enough for the live panels and the history's chart together.
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await dashboard.setViewportSize({ width: 1280, height: 2300 });
      await dashboard.evaluate(() => window.scrollTo(0, 0));
    }
    await screenshotForReadme(dashboard, 'visitors');
  });

  it('stays on the Visitors page through reloads, with one token refresh each', async () => {
    const refreshes: string[] = [];
    dashboard.on('request', (request) => {
      if (request.url().endsWith(restRoutes.auth.refreshToken.path)) refreshes.push(request.url());
    });
    // Ten reloads on two shared cores: the socket's reconnection may take longer than a poll's default second.
    const settle = { timeout: 10_000 };
    for (let reload = 1; reload <= 10; reload += 1) {
      await dashboard.reload();
      await expect.poll(() => dashboard.getByTestId('visitors-live-status').textContent(), settle).toBe('Live');
      expect(new URL(dashboard.url()).pathname).toBe(pagePath);
      expect(await dashboard.getByRole('heading', { level: 1 }).textContent()).toBe('Visitors');
      await expect.poll(() => refreshes.length, settle).toBe(reload);
    }
    // The page is still signed in after all of them: the refresh token was never used twice.
    await dashboard.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Feature analytics' }).click();
    await dashboard.waitForURL((url) => url.pathname === '/studio/feature-analytics');
    expect(await dashboard.getByTestId('signed-in-as').textContent()).toBe('Ada Admin');
  });

  it('tells someone who is not an admin that they may not watch', async () => {
    const viewer = await stack.register('user', 'Vic Viewer');
    const page = await stack.open(pagePath, viewer);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Not allowed');
  });
});
