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
