import { randomUUID } from 'node:crypto';
import { createLogger } from '@showfloor/server-kit';
import { describeWithRedis, ManualClock, startRedisServer, waitFor } from '@showfloor/testing';
import { expect, it } from 'vitest';
import { ClusterVisitorState } from '../src/cluster/cluster-visitor-state.ts';
import { ClusterVisits } from '../src/cluster/cluster-visits.ts';
import { DailySalts } from '../src/visitors/daily-salts.ts';
import { describeVisitorLiveStateContract } from '../src/visitors/visitor-live-state.contract.ts';
import { type VisitHit, VisitorSessions, type VisitorSessionsOptions } from '../src/visitors/visitor-sessions.ts';
import { redisClientsPerTest } from './support/redis-clients.ts';

const logger = createLogger({ name: 'cluster-visitors-test', level: 'silent' });
const connect = redisClientsPerTest();

const newPrefix = () => `test:${randomUUID()}:`;

/** One node's visitor state over Redis: its own memory underneath, the cluster's keys under `prefix`. */
async function nodeState(prefix: string, nodeId: string, options: VisitorSessionsOptions, url?: string) {
  const visits = new ClusterVisits(await connect(url), prefix, nodeId, {
    sessionTimeoutMs: options.sessionTimeoutMs,
    leaveGraceMs: options.leaveGraceMs,
    maxSessions: options.maxSessions,
    journeyMaxPages: options.journeyMaxPages,
  });
  return { visits, state: new ClusterVisitorState(new VisitorSessions(options), visits, options.clock, logger) };
}

const rules = (clock: ManualClock): VisitorSessionsOptions => ({
  clock,
  sessionTimeoutMs: 30 * 60_000,
  leaveGraceMs: 10_000,
  maxSessions: 1_000,
  journeyMaxPages: 50,
});

const pageview = (visitor: string, page: string, extra: Partial<VisitHit> = {}): VisitHit => ({
  visitorIds: [visitor],
  name: 'pageview',
  page,
  referrer: 'news.example',
  country: 'Kenya',
  device: 'desktop',
  browser: 'Firefox',
  os: 'Linux',
  interactive: true,
  ...extra,
});

await describeWithRedis('visitor analytics’ live state over a real Redis', () => {
  describeVisitorLiveStateContract('ClusterVisitorState, one node', {
    create: async (options) => (await nodeState(newPrefix(), 'node-a', options)).state,
  });

  it('makes one visit of events reaching different nodes: one session, one journey, the same figures everywhere', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 9, 0, 0));
    const prefix = newPrefix();
    const [a, b, c] = await Promise.all(
      ['node-a', 'node-b', 'node-c'].map((id) => nodeState(prefix, id, rules(clock))),
    );
    if (!a || !b || !c) throw new Error('three nodes');
    const [first] = await a.state.record([pageview('v1', '/home')]);
    await clock.advance(5_000);
    const [second] = await b.state.record([pageview('v1', '/shoes')]);
    await c.state.record([pageview('v2', '/home', { country: 'Peru', device: 'mobile' })]);
    expect(second?.sessionId).toBe(first?.sessionId);
    expect(second?.visit).toMatchObject({ journey: ['/home', '/shoes'], referrer: 'news.example' });

    for (const node of [a, b, c]) {
      const { sessions, total_count } = await node.state.liveSessions({}, 10);
      expect(total_count).toBe(2);
      expect(sessions.find((session) => session.session_id === first?.sessionId)).toMatchObject({
        journey: ['/home', '/shoes'],
        current_page: '/shoes',
        duration: 5,
      });
      expect(await node.state.currentStats()).toEqual({
        total_active: 2,
        total_today: 3,
        pages_visited: { '/home': 2, '/shoes': 1 },
      });
    }
    // Each node's memory holds the visit under the cluster's id.
    expect((await b.state.record([{ ...pageview('v1', '/cart'), name: 'leave' }]))[0]?.sessionId).toBe(
      first?.sessionId,
    );
    expect((await c.state.census()).active).toBe(1);
    await clock.advance(10_000);
    await a.state.sweep();
    const detailed = await c.state.detailedStats();
    expect(detailed).toMatchObject({ finished_sessions: 1, bounce_rate: 0, exit_pages: { '/shoes': 1 } });
    expect(detailed.countries).toEqual({ Kenya: 1, Peru: 1 });
    expect(await b.state.detailedStats()).toEqual(detailed);
    // What `latest` answers follows the node's own writes, and every node's after a refresh.
    await b.state.refresh();
    expect(b.state.latest()).toMatchObject({ total_active: 1, total_today: 3, visitors_last_minute: 1 });
  });

  it('hashes a cookieless visitor alike on every node: the day’s salt is the cluster’s', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 9, 0, 0));
    const prefix = newPrefix();
    const [a, b] = await Promise.all(['node-a', 'node-b'].map((id) => nodeState(prefix, id, rules(clock))));
    const saltsA = new DailySalts(clock, undefined, a?.visits);
    const saltsB = new DailySalts(clock, undefined, b?.visits);
    await Promise.all([saltsA.prepare(), saltsB.prepare()]);
    const ids = saltsA.visitorIds('203.0.113.7', 'Firefox/140', 'shop.example');
    expect(saltsB.visitorIds('203.0.113.7', 'Firefox/140', 'shop.example')).toEqual(ids);
    // The next day has a new salt, and yesterday's is still known (a visit across midnight goes on).
    await clock.advance(24 * 3_600_000);
    await saltsB.prepare();
    const nextDay = saltsB.visitorIds('203.0.113.7', 'Firefox/140', 'shop.example');
    expect(nextDay[0]).not.toBe(ids[0]);
    expect(nextDay[1]).toBe(ids[0]);
  });

  it('counts the dashboards of every node', async () => {
    const prefix = newPrefix();
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 9, 0, 0));
    const [a, b] = await Promise.all(['node-a', 'node-b'].map((id) => nodeState(prefix, id, rules(clock))));
    // Dashboards count for nodes whose heartbeat is alive.
    const redis = await connect();
    for (const node of ['node-a', 'node-b']) await redis.set(`${prefix}node:${node}:alive`, '1', { PX: 10_000 });
    expect(await a?.visits.dashboards(2)).toBe(2);
    expect(await b?.visits.dashboards(1)).toBe(3);
    await redis.del(`${prefix}node:node-b:alive`);
    expect(await a?.visits.dashboards(2)).toBe(2);
  });

  it('keeps at most the newest 10,000 events for Redis while it is down, and counts those it let go', async () => {
    const server = await startRedisServer();
    try {
      const clock = new ManualClock(Date.UTC(2026, 11, 7, 9, 0, 0));
      const a = await nodeState(newPrefix(), 'node-a', rules(clock), server.url);
      await a.state.record([pageview('v0', '/home')]);
      await server.stop();
      for (let index = 0; index < 10_003; index++) await a.state.record([pageview(`v${index % 500}`, `/p/${index}`)]);
      expect(a.state.health()).toEqual({ scope: 'cluster', redis: 'down', backlog: 10_000, lostWhileDown: 3 });
      // This node's own figures still count every event it took.
      expect((await a.state.currentStats()).total_today).toBe(10_004);
    } finally {
      await server.stop();
    }
  });

  it('serves this node’s visitors while Redis is down, and replays what Redis missed when it answers', async () => {
    const server = await startRedisServer();
    try {
      const clock = new ManualClock(Date.UTC(2026, 11, 7, 9, 0, 0));
      const prefix = newPrefix();
      const a = await nodeState(prefix, 'node-a', rules(clock), server.url);
      const b = await nodeState(prefix, 'node-b', rules(clock), server.url);
      const [before] = await a.state.record([pageview('v1', '/home')]);
      await server.stop();

      // Redis gone: node A answers from its own memory, the visit going on under the cluster's id.
      const [during] = await a.state.record([pageview('v1', '/during')]);
      await a.state.record([pageview('v2', '/during')]);
      expect(during?.sessionId).toBe(before?.sessionId);
      expect(a.state.health()).toEqual({ scope: 'cluster', redis: 'down', backlog: 2, lostWhileDown: 0 });
      expect(await a.state.currentStats()).toMatchObject({ total_active: 2, total_today: 3 });
      expect(a.state.latest()).toMatchObject({ total_active: 2, total_today: 3 });

      // Redis back (empty: it kept nothing): the sweep replays the events it missed, in order.
      await server.restart();
      await clock.advance(1_000);
      await waitFor(
        async () => {
          await a.state.sweep();
          return a.state.health().redis === 'up';
        },
        { what: 'node A replaying to Redis' },
      );
      expect(a.state.health()).toEqual({ scope: 'cluster', redis: 'up', backlog: 0, lostWhileDown: 0 });
      const seenByB = await b.state.liveSessions({}, 10);
      expect(seenByB.total_count).toBe(2);
      expect(seenByB.sessions.find((session) => session.session_id === before?.sessionId)?.journey).toEqual([
        '/during',
      ]);
      expect((await b.state.currentStats()).pages_visited).toEqual({ '/during': 2 });
    } finally {
      await server.stop();
    }
  });
});
