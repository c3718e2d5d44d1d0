import { createUser, waitFor } from '@showfloor/testing';
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack, tokenFor } from './support/test-stack.ts';

/*
 * The collector and the dashboard socket as deployed: no test hooks, so what the realtime service
 * accepts reaches the API the way production sends it — visitor events through the outbox into
 * history, a dashboard's action through feature analytics' writer.
 */

const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

describe('visitor analytics, realtime → API', () => {
  let stack: TestStack;
  let admin: string;
  beforeAll(async () => {
    stack = await startStack({ realtimeEnv: { VISITOR_EVENTS_FLUSH_MS: '20' } });
    admin = tokenFor((await createUser(stack.db.prisma, { role: 'admin' })).id, 'admin');
  });
  afterAll(() => stack.close());

  const fromApi = async (path: string) => {
    const response = await fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(response.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON bodies
    return ((await response.json()) as { data: any }).data;
  };

  it('stores what the collector accepted: two pageviews of one visit are one session with its entry and exit page', async () => {
    for (const page of ['/landing', '/pricing']) {
      const response = await fetch(`${stack.realtime.url}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': firefox },
        body: JSON.stringify({ type: 'pageview', page, session_id: 'visit-1', country: 'India' }),
      });
      expect(response.status).toBe(200);
    }
    const totals = await waitFor(async () => {
      const series = await fromApi('/api/visitors/timeseries?interval=hour');
      return series.totals.pageviews === 2 ? series.totals : undefined;
    });
    expect(totals).toMatchObject({ visitors: 1, pageviews: 2, sessions: 1, bounce_rate: 0 });
    const exits = await fromApi('/api/visitors/breakdown/exit_page');
    expect(exits.rows).toEqual([expect.objectContaining({ value: '/pricing', sessions: 1 })]);
    const browsers = await fromApi('/api/visitors/breakdown/browser');
    expect(browsers.rows).toEqual([expect.objectContaining({ value: 'Firefox', visitors: 1 })]);
  });

  it('records a dashboard action as the admin’s feature event, answered once it is stored', async () => {
    const socket = connectClient(`${stack.realtime.url}/visitors`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token: admin },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const ack = await socket.emitWithAck('track_dashboard_action', {
        action: 'filter_applied',
        details: { filterType: 'country', value: 'India' },
      });
      expect(ack).toEqual({ ok: true, data: { recorded: true } });
      const analytics = await fromApi('/api/analytics?feature=visitors_dashboard.filter_applied');
      expect(analytics.bar_chart).toContainEqual({
        feature_name: 'visitors_dashboard.filter_applied',
        total_clicks: 1,
        unique_users: 1,
      });

      const refused = await socket.emitWithAck('track_dashboard_action', { action: 'Filter Applied!' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    } finally {
      socket.disconnect();
    }
  });
});

describe('visitor analytics while the API is behind', () => {
  let stack: TestStack;
  const bound = 5;
  beforeAll(async () => {
    stack = await startStack({
      realtimeEnv: { PENDING_VISITOR_EVENTS_MAX: String(bound), VISITOR_EVENTS_FLUSH_MS: '20' },
    });
  });
  afterAll(() => stack.close());

  const send = (events: object[]) =>
    fetch(`${stack.realtime.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': firefox },
      body: JSON.stringify(events),
    });
  const pageviews = (count: number, from: number) =>
    Array.from({ length: count }, (_, at) => ({ type: 'pageview', page: `/p${from + at}`, session_id: 'behind' }));

  it('refuses events its history outbox has no room for (503, Retry-After) instead of accepting and losing them', async () => {
    await stack.stopApi();
    expect((await send(pageviews(bound - 1, 0))).status).toBe(200);
    const refused = await send(pageviews(2, bound));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ success: false, error: { code: 'service_unavailable' } });
    // One more still fits the bound exactly.
    expect((await send(pageviews(1, 100))).status).toBe(200);

    await stack.restartApi();
    const stored = await waitFor(async () => {
      const [row] = await stack.db.prisma.$queryRawUnsafe<{ count: number }[]>(
        'SELECT count(*)::int AS count FROM visitor_events',
      );
      return row?.count === bound ? row.count : undefined;
    });
    expect(stored).toBe(bound);
    const health = (await (await fetch(`${stack.realtime.url}/health`)).json()) as { droppedDeliveries: number };
    expect(health.droppedDeliveries).toBe(0);
    // With the history caught up, the collector takes events again.
    expect((await send(pageviews(2, 200))).status).toBe(200);
  });
});
