import { randomUUID } from 'node:crypto';
import {
  apiInternalRoutes,
  internalKeyHeader,
  type SessionViewRecord,
  type ViewerSnapshot,
} from '@showfloor/contracts';
import { testSecrets } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStack, startBrowserStack, type TestPerson } from './support/browser-stack.ts';
import { chartRows, statFigure as figure, openStill as openStillIn } from './support/page-reading.ts';
import { screenshotForReadme } from './support/screenshots.ts';

let stack: BrowserStack;
let creator: TestPerson;
let otherCreator: TestPerson;
let sessionId: string;

const minuteMs = 60_000;
/** The minute the test runs in, floored, like the realtime service floors its snapshots. */
const thisMinute = Math.floor(Date.now() / minuteMs) * minuteMs;
const minutesAgo = (minutes: number) => new Date(thisMinute - minutes * minuteMs).toISOString();

/**
 * Four minutes of one realtime node: one three hours ago (outside "Last hour"), three in a row
 * twenty minutes ago. Each value differs, so a series shown in the wrong column would be caught.
 */
const snapshots = [
  { minute: minutesAgo(180), viewerCount: 2, avgViewers: 1.5, peakViewers: 3, minViewers: 1 },
  { minute: minutesAgo(20), viewerCount: 6, avgViewers: 5.25, peakViewers: 7, minViewers: 4 },
  { minute: minutesAgo(19), viewerCount: 9, avgViewers: 8.5, peakViewers: 11, minViewers: 6 },
  { minute: minutesAgo(18), viewerCount: 5, avgViewers: 6.75, peakViewers: 10, minViewers: 5 },
];

/** Through the API's real internal surface, as a realtime node delivers them. */
async function postInternal(path: string, body: unknown) {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [internalKeyHeader]: testSecrets.internalApiKey },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json();
}

const openStill = (path: string, person: TestPerson) => openStillIn(stack, path, person);

beforeAll(async () => {
  stack = await startBrowserStack();
  creator = await stack.register('creator', 'Carla Creator');
  otherCreator = await stack.register('creator', 'Otto Other');
  const { data: session } = await creator.api.sessions.create({ body: { title: 'Desk lamps, live' } });
  sessionId = session.id;
  await creator.api.sessions.changeStatus({ params: { sessionId }, body: { status: 'live' } });

  const batch: ViewerSnapshot[] = snapshots.map((snapshot) => ({
    ...snapshot,
    sessionId,
    sampleCount: 12,
    nodeId: 'node-test',
  }));
  expect((await postInternal(apiInternalRoutes.viewerSnapshots, { snapshots: batch })).data).toMatchObject({
    saved: 4,
  });

  // 25 guests watched 30 s to 12.5 min each: more than one page of view history.
  const views: SessionViewRecord[] = Array.from({ length: 25 }, (_, index) => {
    const guestId = randomUUID();
    const watched = 30 * (index + 1);
    return {
      id: randomUUID(),
      sessionId,
      viewerKey: `guest:${guestId}`,
      userId: null,
      guestId,
      role: 'subscriber',
      socketId: `socket-${index}`,
      joinedAt: minutesAgo(20 - (index % 3)),
      leftAt: new Date(Date.parse(minutesAgo(20 - (index % 3))) + watched * 1_000).toISOString(),
      watchDuration: watched,
    };
  });
  await postInternal(apiInternalRoutes.sessionViews, { views });
  await creator.api.sessions.endStream({ params: { sessionId } });
});
afterAll(async () => stack?.close());

describe('session analytics', () => {
  it('draws the minute snapshots it was sent, and the time range narrows them (kept in the URL)', async () => {
    const page = await openStill(`/studio/sessions/${sessionId}/analytics`, creator);
    await page.getByRole('heading', { name: 'Desk lamps, live' }).waitFor();

    const expected = snapshots.map((snapshot) => ({
      at: snapshot.minute,
      values: [snapshot.viewerCount, snapshot.avgViewers, snapshot.peakViewers, snapshot.minViewers],
    }));
    await expect.poll(() => chartRows(page, 'Viewers per minute')).toEqual(expected);
    expect(await page.getByRole('table', { name: 'Viewers per minute' }).locator('thead th').allTextContents()).toEqual(
      ['Minute', 'Viewers', 'Average', 'Peak', 'Minimum'],
    );
    expect(await figure(page, 'snapshot-summary', 'Peak')).toBe('11');
    expect(await figure(page, 'snapshot-summary', 'Minimum')).toBe('1');
    // Three hours ago to eighteen minutes ago, both minutes included.
    expect(await figure(page, 'snapshot-summary', 'Duration')).toBe('163 min');
    expect(await page.locator('canvas').count()).toBeGreaterThan(0);

    await page.getByLabel('Time range').selectOption('1h');
    // The ended stream's last hour: the minute three hours back drops out.
    await expect.poll(() => chartRows(page, 'Viewers per minute')).toEqual(expected.slice(1));
    expect(new URL(page.url()).searchParams.get('timeRange')).toBe('1h');
    expect(await figure(page, 'snapshot-summary', 'Minimum')).toBe('4');
    expect(await figure(page, 'snapshot-summary', 'Duration')).toBe('3 min');
    await screenshotForReadme(page, 'session-analytics');

    await page.reload();
    await expect.poll(() => chartRows(page, 'Viewers per minute')).toEqual(expected.slice(1));
    expect(await page.getByLabel('Time range').inputValue()).toBe('1h');

    await page.getByLabel('Time range').selectOption('all');
    await expect.poll(() => chartRows(page, 'Viewers per minute')).toEqual(expected);
    expect(new URL(page.url()).searchParams.has('timeRange')).toBe(false);
  });

  it('shows the ended stream’s figures as final, the retention histogram and a paged view history', async () => {
    const page = await stack.open(`/studio/sessions/${sessionId}/analytics`, creator);
    await page.getByTestId('figures-status').waitFor();
    expect(await page.getByTestId('figures-status').textContent()).toBe('Final figures');
    expect(await figure(page, 'audience-summary', 'Views')).toBe('25');

    // 30 s … 750 s in steps of 30: one in [30,60), 8 in [60,300), 16 in [300,900).
    const retention = await chartRows(page, 'Views by watch time');
    expect(retention).toEqual([
      { at: '0-30s', values: [0] },
      { at: '30s-1m', values: [1] },
      { at: '1m-5m', values: [8] },
      { at: '5m-15m', values: [16] },
      { at: '15m-30m', values: [0] },
      { at: '30m+', values: [0] },
    ]);

    expect(await page.getByTestId('view-history-range').textContent()).toBe('Views 1–20 of 25');
    expect(await page.getByTestId('view-history').locator('tbody tr').count()).toBe(20);
    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(() => page.getByTestId('view-history-range').textContent()).toBe('Views 21–25 of 25');
    expect(await page.getByTestId('view-history').locator('tbody tr').count()).toBe(5);
    expect(await page.getByRole('button', { name: 'Older' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Newer' }).click();
    await expect.poll(() => page.getByTestId('view-history-range').textContent()).toBe('Views 1–20 of 25');

    await page.getByRole('link', { name: 'Open the console' }).click();
    await page.waitForURL((url) => url.pathname === `/studio/sessions/${sessionId}`);
  });

  it('tells another creator they are not allowed, and shows none of the figures', async () => {
    const page = await stack.open(`/studio/sessions/${sessionId}/analytics`, otherCreator);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('strong').textContent()).toBe('Not allowed');
    expect(await page.getByRole('table', { name: 'Viewers per minute' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Desk lamps, live' }).count()).toBe(0);
  });

  it('says there are no snapshots yet for a session that has none', async () => {
    const { data: quiet } = await creator.api.sessions.create({ body: { title: 'Quiet one' } });
    const page = await stack.open(`/studio/sessions/${quiet.id}/analytics`, creator);
    await page.getByText('No snapshots yet — they appear each minute while live, if viewer analytics is on.').waitFor();
    expect(await page.getByTestId('figures-status').textContent()).toBe('Not started yet');
  });
});
