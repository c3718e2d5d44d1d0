import { randomUUID } from 'node:crypto';
import type { VisitorEventRecord } from '@showfloor/contracts';
import { createUser, describeWithRedis, testRedisUrl as redisUrl, waitFor } from '@showfloor/testing';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collect, startStack, type TestStack, tokenFor } from './support/test-stack.ts';

// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON bodies
type Json = Record<string, any>;

const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';

// Two realtime nodes over one Redis, as behind a load balancer that deals a site's events to either.
await describeWithRedis('visitor analytics on two realtime nodes', () => {
  let nodeA: TestStack;
  let nodeB: TestStack;
  let admin: string;
  const accepted: VisitorEventRecord[] = [];
  const sockets: Socket[] = [];
  // Neither node alone sees more than 8 visitors in a minute here; the cluster does.
  const env = {
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
    VISITOR_BROADCAST_MS: '1000',
    ALERT_THRESHOLD: '8',
  };
  const visitorHooks = { onVisitorEventsAccepted: (records: VisitorEventRecord[]) => accepted.push(...records) };

  beforeAll(async () => {
    nodeA = await startStack({ realtimeEnv: { ...env, NODE_ID: 'node-a' }, visitorHooks });
    nodeB = await startStack({ db: nodeA.db, realtimeEnv: { ...env, NODE_ID: 'node-b' }, visitorHooks });
    admin = tokenFor((await createUser(nodeA.db.prisma, { role: 'admin' })).id, 'admin');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await nodeB.close({ keepDatabase: true });
    await nodeA.close();
  });

  const post = (node: TestStack, body: unknown, userAgent = firefox) =>
    fetch(`${node.realtime.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent },
      body: JSON.stringify(body),
    });
  const read = async (node: TestStack, path: string): Promise<Json> =>
    (await (
      await fetch(`${node.realtime.url}${path}`, { headers: { authorization: `Bearer ${admin}` } })
    ).json()) as Json;
  const dashboard = async (node: TestStack) => {
    const socket = connectClient(`${node.realtime.url}/visitors`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token: admin },
    });
    sockets.push(socket);
    const connected = collect<{ total_dashboards: number }>(socket, 'user_connected');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return { socket, connected };
  };

  it('makes one visit of a cookieless visitor whose pageviews reach both nodes, and both nodes answer for it', async () => {
    const userAgent = `${firefox} ${randomUUID()}`;
    const site = { page: 'https://shop.example/home', country: 'Kenya' };
    expect((await post(nodeA, { type: 'pageview', ...site }, userAgent)).status).toBe(200);
    const second = await post(nodeB, { type: 'pageview', page: 'https://shop.example/shoes' }, userAgent);
    const answer = (await second.json()) as Json;
    expect(answer.data.current_stats.total_active).toBeGreaterThanOrEqual(1);

    const records = accepted.filter((record) => record.page === '/home' || record.page === '/shoes').slice(-2);
    expect(records).toHaveLength(2);
    // The history sees one visitor and one session too.
    expect(records[1]?.visitorId).toBe(records[0]?.visitorId);
    expect(records[1]?.sessionId).toBe(records[0]?.sessionId);
    expect(answer.data.session_id).toBe(records[0]?.sessionId);

    for (const node of [nodeA, nodeB]) {
      const { data } = await read(node, `/api/analytics/sessions?country=Kenya`);
      expect(data.total_count).toBe(1);
      expect(data.sessions[0]).toMatchObject({
        session_id: records[0]?.sessionId,
        journey: ['/home', '/shoes'],
        current_page: '/shoes',
        country: 'Kenya',
        browser: 'Firefox',
      });
    }
    const onA = await read(nodeA, '/api/analytics/detailed');
    const onB = await read(nodeB, '/api/analytics/detailed');
    expect(onA.data.pages).toEqual(onB.data.pages);
    expect(onA.data.pages).toMatchObject({ '/home': 1, '/shoes': 1 });

    // The tab closes on node A: active now drops on node B.
    await post(nodeA, { type: 'leave', page: 'https://shop.example/shoes' }, userAgent);
    expect((await read(nodeB, '/api/analytics/sessions?country=Kenya')).data.total_count).toBe(0);
    const health = (await (await fetch(`${nodeB.realtime.url}/health`)).json()) as Json;
    expect(health.visitors).toMatchObject({ scope: 'cluster', redis: 'up', backlog: 0 });
  });

  it('feeds a dashboard on one node the events the other node received, one batch per interval, and counts every dashboard', async () => {
    const onA = await dashboard(nodeA);
    await waitFor(() => onA.connected.length === 1);
    const onB = await dashboard(nodeB);
    // The second dashboard's arrival reaches both, counted across nodes.
    await waitFor(() => onB.connected.length === 1 && onA.connected.length === 2, { what: 'user_connected on both' });
    expect(onB.connected[0]?.total_dashboards).toBe(2);
    expect(onA.connected[1]?.total_dashboards).toBe(2);

    const updates = collect<{ events: Json[]; omitted: number; stats: Json }>(onB.socket, 'visitor_update');
    const alertsOnA = collect<{ details: { visitors_last_minute: number } }>(onA.socket, 'alert');
    const alertsOnB = collect<{ details: { visitors_last_minute: number } }>(onB.socket, 'alert');
    const activity = collect<{ sessions: Json[] }>(onB.socket, 'session_activity');
    const sent = 10;
    for (let index = 0; index < sent; index++) {
      const node = index % 2 === 0 ? nodeA : nodeB;
      const response = await post(node, { type: 'pageview', page: `/feed/${index}`, session_id: `feed-${index}` });
      expect(response.status).toBe(200);
    }
    // Only this test's pages: the first test's last events may still be in the batch.
    const events = () =>
      updates.flatMap((update) => update.events.map((event) => event.page)).filter((page) => page.startsWith('/feed/'));
    await waitFor(() => events().length === sent, {
      timeoutMs: 5_000,
      what: 'every event on the dashboard of node B',
    });
    expect(new Set(events())).toEqual(new Set(Array.from({ length: sent }, (_, index) => `/feed/${index}`)));
    // Coalesced: the first at once, the rest gathered (here within two intervals at most).
    expect(updates.length).toBeLessThanOrEqual(3);
    expect(updates.at(-1)?.stats.total_active).toBeGreaterThanOrEqual(sent);
    const activities = activity.flatMap((batch) => batch.sessions.map((session) => session.session_id));
    expect(activities).toEqual(expect.arrayContaining(['feed-0', 'feed-9']));

    // The spike is the cluster's: each node alerts its own dashboards once.
    await waitFor(() => alertsOnA.length === 1 && alertsOnB.length === 1, { what: 'one alert on each dashboard' });
    expect(alertsOnB[0]?.details.visitors_last_minute).toBeGreaterThan(8);

    const stats = await onA.socket.emitWithAck('request_detailed_stats', { filter: { page: '/feed/3' } });
    expect(stats).toMatchObject({ ok: true, data: { pages: { '/feed/3': 1 } } });
    expect(alertsOnA).toHaveLength(1);
    expect(alertsOnB).toHaveLength(1);
  });
});
