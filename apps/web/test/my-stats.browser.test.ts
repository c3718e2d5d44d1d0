import { randomUUID } from 'node:crypto';
import { apiInternalRoutes, internalKeyHeader } from '@showfloor/contracts';
import { testSecrets } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStack, startBrowserStack, type TestPerson } from './support/browser-stack.ts';
import { chartRows, statFigure as figure } from './support/page-reading.ts';

let stack: BrowserStack;
let viewer: TestPerson;
let sessionId: string;
const dayMs = 86_400_000;

beforeAll(async () => {
  stack = await startBrowserStack();
  viewer = await stack.register('user', 'Vera Viewer');
  const creator = await stack.register('creator', 'Carla Creator');
  sessionId = (await creator.api.sessions.create({ body: { title: 'Lamp hour' } })).data.id;
});
afterAll(async () => stack?.close());

/** A view of the viewer's, as the realtime service reports it when it closes. */
async function closedView(joinedAt: Date, seconds: number) {
  const response = await fetch(`${stack.baseUrl}${apiInternalRoutes.sessionViews}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [internalKeyHeader]: testSecrets.internalApiKey },
    body: JSON.stringify({
      views: [
        {
          id: randomUUID(),
          sessionId,
          viewerKey: `user:${viewer.user.id}`,
          userId: viewer.user.id,
          guestId: null,
          role: 'subscriber',
          socketId: `socket-${randomUUID().slice(0, 8)}`,
          joinedAt: joinedAt.toISOString(),
          leftAt: new Date(joinedAt.getTime() + seconds * 1000).toISOString(),
          watchDuration: seconds,
        },
      ],
    }),
  });
  expect(response.status).toBe(200);
}

describe('My stats', () => {
  it('shows the streak, hours and weekly chart, and updates live when a view closes', async () => {
    // Yesterday at noon UTC (the viewer's zone): a one-hour view.
    const today = new Date().toISOString().slice(0, 10);
    const yesterdayNoon = new Date(Date.parse(`${today}T12:00:00Z`) - dayMs);
    await closedView(yesterdayNoon, 3_600);

    const page = await stack.open('/stats', viewer);
    await page.getByTestId('streak').waitFor();
    expect(await figure(page, 'streak', 'Current streak')).toBe('1 day');
    expect(await figure(page, 'hours', 'Watched in all')).toBe('1 h');
    expect(await figure(page, 'counters', 'Sessions watched')).toBe('1');
    const weeks = await chartRows(page, 'Hours per week');
    expect(weeks).toHaveLength(12);
    expect(weeks.reduce((sum, week) => sum + (week.values[0] ?? 0), 0)).toBe(1);

    // Watching today keeps the streak going: the page hears analytics:updated and reads again, no reload.
    await closedView(new Date(Date.now() - 60_000), 1_800);
    await page.getByTestId('streak').getByText('2 days').first().waitFor();
    expect(await figure(page, 'streak', 'Current streak')).toBe('2 days');
    expect(await figure(page, 'hours', 'Watched in all')).toBe('1.5 h');
  });

  it('asks who you are first', async () => {
    const page = await stack.open('/stats');
    await page.waitForURL(/\/sign-in\?next=%2Fstats/);
  });
});
