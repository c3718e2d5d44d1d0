import { type VisitorEventRecord, visitorEventRecordSchema } from '@showfloor/contracts';
import { createUser, ManualClock, waitFor } from '@showfloor/testing';
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, fetchJson, startStack, type TestStack, tokenFor } from './support/test-stack.ts';

// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON bodies
type Json = Record<string, any>;

const chrome =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';
const googlebot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

describe('visitor collector, live reads and the /visitors socket', () => {
  let stack: TestStack;
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 10, 0, 0));
  const accepted: VisitorEventRecord[] = [];
  const actions: Array<{ userId: string; action: string; details: unknown }> = [];
  let admin: string;
  let creator: string;
  let viewer: string;

  beforeAll(async () => {
    stack = await startStack({
      clock,
      realtimeEnv: { ALERT_THRESHOLD: '3', VISITOR_BROADCAST_MS: '1000', TRUST_PROXY_HOPS: '1' },
      visitorHooks: {
        onVisitorEventsAccepted: (records) => accepted.push(...records),
        trackDashboardAction: (userId, action, details) => void actions.push({ userId, action, details }),
      },
    });
    const tokenOf = async (role: 'admin' | 'creator' | 'user') =>
      tokenFor((await createUser(stack.db.prisma, { role })).id, role);
    [admin, creator, viewer] = await Promise.all([tokenOf('admin'), tokenOf('creator'), tokenOf('user')]);
  });
  afterAll(() => stack.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stack.realtime.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': chrome, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const read = (path: string, token: string | null = admin) =>
    fetch(`${stack.realtime.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const dashboard = async (token: string) => {
    const socket = connectClient(`${stack.realtime.url}/visitors`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };

  it('takes the seed body and answers the seed response; onAccepted gets valid records in order', async () => {
    const before = accepted.length;
    const response = await post('/api/events', {
      type: 'pageview',
      page: '/products',
      session_id: 'user-123',
      timestamp: new Date(clock.now()).toISOString(),
      country: 'IN',
      metadata: { device: 'mobile', referrer: 'google.com' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await response.json()) as Json;
    expect(body).toMatchObject({
      success: true,
      message: 'Event processed successfully',
      data: {
        session_id: 'user-123',
        current_stats: { total_active: 1, total_today: 1, pages_visited: { '/products': 1 } },
      },
    });
    const batch = await post('/api/events', [
      { type: 'pageview', page: '/cart', session_id: 'user-123' },
      { type: 'add_to_cart', page: '/cart', session_id: 'user-123' },
    ]);
    expect(batch.status).toBe(200);
    // The totals are always current; the pages map is written at most every 250 ms.
    expect(((await batch.json()) as Json).data.current_stats).toEqual({
      total_active: 1,
      total_today: 2,
      pages_visited: { '/products': 1 },
    });
    const records = accepted.slice(before).map((record) => visitorEventRecordSchema.parse(record));
    expect(records.map((record) => [record.name, record.page])).toEqual([
      ['pageview', '/products'],
      ['pageview', '/cart'],
      ['add_to_cart', '/cart'],
    ]);
    expect(records[0]).toMatchObject({
      site: 'default',
      visitorId: 'sid:user-123',
      sessionId: 'user-123',
      country: 'India',
      device: 'mobile',
      referrer: 'google.com',
      browser: 'Chrome',
      os: 'Android',
    });
    await clock.advance(250);
    const later = (await (
      await post('/api/events', { type: 'pageview', page: '/cart', session_id: 'user-123' })
    ).json()) as Json;
    expect(later.data.current_stats).toEqual({
      total_active: 1,
      total_today: 3,
      pages_visited: { '/products': 1, '/cart': 2 },
    });
  });

  it('lets any origin post events (answers and refusals, preflights too) but only the web app read', async () => {
    const site = 'https://shop.example';
    for (const response of [
      await post('/api/events', { type: 'pageview', page: '/cors', session_id: 'cors-1' }, { origin: site }),
      await post('/api/events', { type: 'pageview', page: 5 }, { origin: site }),
      await post('/api/event', { n: 'pageview', u: `${site}/cors`, d: 'shop.example' }, { origin: site }),
    ]) {
      expect([200, 202, 400]).toContain(response.status);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('vary')).toBe('Origin');
    }
    const preflight = (path: string, origin: string, method: string) =>
      fetch(`${stack.realtime.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' },
      });
    const collector = await preflight('/api/events', site, 'POST');
    expect(collector.status).toBe(204);
    expect(Object.fromEntries(collector.headers)).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '86400',
    });
    const foreignRead = await preflight('/api/analytics/summary', site, 'GET');
    expect(foreignRead.headers.get('access-control-allow-origin')).toBeNull();
    const webAppRead = await preflight('/api/analytics/summary', 'http://localhost:5173', 'GET');
    expect(webAppRead.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(webAppRead.headers.get('access-control-allow-headers')).toBe('authorization, accept');
  });

  it('refuses a malformed body naming the field, an oversized one with 413, and drops bots (counted)', async () => {
    const bad = await post('/api/events', { type: 'pageview', page: 5 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('page');
    const badType = await post('/api/events', { type: '', page: '/' });
    expect(badType.status).toBe(400);
    expect(JSON.stringify(await badType.json())).toContain('type');
    expect((await post('/api/events', '{"type":')).status).toBe(400);
    const huge = await post('/api/events', { type: 'pageview', page: `/${'x'.repeat(70_000)}` });
    expect(huge.status).toBe(413);
    const tooMany = await post(
      '/api/events',
      Array.from({ length: 101 }, () => ({ type: 'pageview', page: '/' })),
    );
    expect(tooMany.status).toBe(400);

    const before = accepted.length;
    const { dropped: droppedBefore } = (await fetchJson(`${stack.realtime.url}/health`)).visitors;
    const bot = await post('/api/events', { type: 'pageview', page: '/' }, { 'user-agent': googlebot });
    expect(bot.status).toBe(200);
    expect(((await bot.json()) as Json).data).toMatchObject({ accepted: 0, dropped: 1, session_id: null });
    expect(accepted.length).toBe(before);
    expect((await fetchJson(`${stack.realtime.url}/health`)).visitors.dropped).toBe(droppedBefore + 1);
  });

  it('answers Plausible bodies (text/plain and JSON) with 202, and drops what it cannot read with a marker', async () => {
    const before = accepted.length;
    const plain = await post(
      '/api/event',
      {
        n: 'pageview',
        u: 'https://shop.example/pricing?x=1',
        d: 'shop.example',
        r: 'https://news.ycombinator.com/',
        v: 36,
      },
      { 'content-type': 'text/plain', 'x-forwarded-for': '8.8.8.8' },
    );
    expect(plain.status).toBe(202);
    expect(await plain.text()).toBe('ok');
    expect(plain.headers.get('x-plausible-dropped')).toBeNull();
    const json = await post(
      '/api/event',
      {
        name: 'engagement',
        url: 'https://shop.example/pricing',
        domain: 'shop.example',
        e: 4_200,
        sd: 80,
        p: '{"plan":"pro"}',
      },
      { 'x-forwarded-for': '8.8.8.8' },
    );
    expect(json.status).toBe(202);
    const records = accepted.slice(before).map((record) => visitorEventRecordSchema.parse(record));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      site: 'shop.example',
      page: '/pricing',
      referrer: 'news.ycombinator.com',
      country: 'United States',
    });
    expect(records[1]).toMatchObject({ name: 'engagement', engagedMs: 4_200, props: { plan: 'pro' } });
    // The same IP, User-Agent and site: one visitor, one session.
    expect(records[1]?.visitorId).toBe(records[0]?.visitorId);
    expect(records[1]?.sessionId).toBe(records[0]?.sessionId);
    expect(records[0]?.visitorId).not.toContain('8.8.8.8');

    for (const body of ['not json', '{"u":"https://a.example/"}', '{"n":"pageview","u":"nope"}']) {
      const dropped = await post('/api/event', body, { 'content-type': 'text/plain' });
      expect(dropped.status).toBe(202);
      expect(dropped.headers.get('x-plausible-dropped')).toBe('1');
    }
    expect(accepted.length).toBe(before + 2);
  });

  it('makes a visitor on the next day a new visitor (salts rotate daily)', async () => {
    const send = () =>
      post(
        '/api/event',
        { n: 'pageview', u: 'https://salt.example/', d: 'salt.example' },
        { 'x-forwarded-for': '9.9.9.9' },
      );
    const before = accepted.length;
    await send();
    await clock.advance(24 * 60 * 60_000);
    await send();
    const [today, tomorrow] = accepted.slice(before);
    expect(tomorrow?.visitorId).not.toBe(today?.visitorId);
    expect(tomorrow?.sessionId).not.toBe(today?.sessionId);
  });

  it('keeps live reads for admins: 401 without a token, 403 for others; filters apply', async () => {
    expect((await read('/api/analytics/summary', null)).status).toBe(401);
    expect((await read('/api/analytics/summary', 'not-a-token')).status).toBe(401);
    expect((await read('/api/analytics/summary', creator)).status).toBe(403);
    await post('/api/events', { type: 'pageview', page: '/de', session_id: 'de-1', country: 'Germany' });
    await post('/api/events', { type: 'pageview', page: '/in', session_id: 'in-1', country: 'India' });
    const summary = (await (await read('/api/analytics/summary?country=DE')).json()) as Json;
    expect(summary.data.summary).toEqual({ total_active: 1, total_today: 1, pages_visited: { '/de': 1 } });
    const sessions = (await (await read('/api/analytics/sessions?country=India&limit=5')).json()) as Json;
    expect(sessions.data.sessions).toEqual([
      expect.objectContaining({ session_id: 'in-1', current_page: '/in', journey: ['/in'], country: 'India' }),
    ]);
    const detailed = (await (await read('/api/analytics/detailed?page=/de')).json()) as Json;
    expect(detailed.data.pages).toEqual({ '/de': 1 });
    expect((await read('/api/analytics/sessions?limit=0')).status).toBe(400);
    const status = (await (await read('/api/status')).json()) as Json;
    expect(status.data.visitors.events_accepted).toBeGreaterThan(0);
    expect(status.data.server.status).toBe('running');
  });

  it('refuses non-admins on /visitors; coalesces updates; alerts once per crossing; answers its commands', async () => {
    await expect(dashboard(viewer)).rejects.toMatchObject({ data: { code: 'forbidden' } });
    await expect(dashboard('')).rejects.toMatchObject({ data: { code: 'unauthorized' } });

    // Earlier tests' events flush, and leave the last minute, before this dashboard listens.
    await clock.advance(60 * 60_000);
    const socket = await dashboard(admin);
    const updates = collect<{ events: unknown[]; stats: { visitors_last_minute: number } }>(socket, 'visitor_update');
    const activity = collect<{ sessions: unknown[] }>(socket, 'session_activity');
    const alerts = collect<{ details: { visitors_last_minute: number } }>(socket, 'alert');
    const sent = 12;
    for (let index = 0; index < sent; index++) {
      await post('/api/events', { type: 'pageview', page: `/burst/${index % 3}`, session_id: `burst-${index}` });
    }
    // The first event goes out at once; the other eleven wait for the interval.
    await waitFor(() => updates.length === 1, { what: 'the first batch' });
    await waitFor(() => alerts.length === 1, { what: 'one alert' });
    await clock.advance(1_000);
    await waitFor(() => updates.length === 2, { what: 'the trailing batch' });
    expect(updates[1]?.events).toHaveLength(sent - 1);
    expect(activity.at(-1)?.sessions).toHaveLength(sent - 1);
    expect(alerts).toHaveLength(1);

    const stats = await socket.emitWithAck('request_detailed_stats', { filter: { page: '/burst/0' } });
    expect(stats).toMatchObject({ ok: true, data: { pages: { '/burst/0': 4 } } });
    const badFilter = await socket.emitWithAck('request_detailed_stats', { filter: { device: 'fridge' } });
    expect(badFilter).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const tracked = await socket.emitWithAck('track_dashboard_action', {
      action: 'filter_applied',
      details: { value: 'India' },
    });
    expect(tracked).toEqual({ ok: true, data: { recorded: true } });
    expect(actions.at(-1)).toMatchObject({ action: 'filter_applied', details: { value: 'India' } });
    socket.disconnect();
  });
});
