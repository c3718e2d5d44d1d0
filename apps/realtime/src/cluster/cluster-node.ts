import type { RealtimeConfig } from '@showfloor/config';
import { type Clock, connectRedisAtStart, createRedisClient, type Logger } from '@showfloor/server-kit';
import type { InMemoryCounterStore } from '../state/in-memory-counter-store.ts';
import type { VisitorCluster } from '../visitors/visitor-analytics.ts';
import { ClusterCounterStore } from './cluster-counter-store.ts';
import { ClusterCounts } from './cluster-counts.ts';
import { ClusterVisitorState } from './cluster-visitor-state.ts';
import { ClusterVisits } from './cluster-visits.ts';

/** The key of who is online (signed-in users with a socket on any node) in the cluster's presence. */
export const onlineUsersKey = 'users-online';

export interface ClusterNodeOptions {
  config: Pick<
    RealtimeConfig,
    | 'NODE_ID'
    | 'REDIS_KEY_PREFIX'
    | 'NODE_HEARTBEAT_MS'
    | 'COUNT_BROADCAST_MS'
    | 'SESSION_TIMEOUT_MINUTES'
    | 'VISITOR_LEAVE_GRACE_MS'
    | 'VISITOR_SESSIONS_MAX'
    | 'VISITOR_JOURNEY_MAX_PAGES'
  >;
  redisUrl: string;
  local: InMemoryCounterStore;
  clock: Clock;
  logger: Logger;
}

/**
 * This node as a member of a cluster of realtime nodes sharing their counters through Redis: the
 * cluster counter store, its heartbeat (which also heals the counts of nodes that died), the
 * watch that rebroadcasts a session here when another node changed its counts, and visitor
 * analytics' shared visits, salts and dashboards.
 */
export async function joinCluster({ config, redisUrl, local, clock, logger }: ClusterNodeOptions) {
  // Commands fail at once while Redis is away, and the node serves its own counts; the store logs the outage once.
  const redis = createRedisClient(redisUrl, logger);
  await connectRedisAtStart(redis, { what: 'live counters', url: redisUrl, logger });
  const counts = new ClusterCounts(redis, config.REDIS_KEY_PREFIX, config.NODE_ID, 2 * config.NODE_HEARTBEAT_MS, clock);
  const store = new ClusterCounterStore(local, counts, logger);
  await store.heartbeat();
  const visits = new ClusterVisits(redis, config.REDIS_KEY_PREFIX, config.NODE_ID, {
    sessionTimeoutMs: config.SESSION_TIMEOUT_MINUTES * 60_000,
    leaveGraceMs: config.VISITOR_LEAVE_GRACE_MS,
    maxSessions: config.VISITOR_SESSIONS_MAX,
    journeyMaxPages: config.VISITOR_JOURNEY_MAX_PAGES,
  });
  const visitors: VisitorCluster = {
    liveState: (sessions) =>
      new ClusterVisitorState(sessions, visits, clock, logger.child({ module: 'cluster-visitors' })),
    salts: visits,
    countDashboards: (here) => visits.dashboards(here),
  };

  const timers = new Set<unknown>();
  let stopped = false;
  let unsubscribe: (() => Promise<void>) | undefined;
  function every(ms: number, run: () => Promise<void>): void {
    const tick = () => {
      timers.delete(timer);
      void run().finally(() => {
        if (!stopped) every(ms, run);
      });
    };
    const timer = clock.setTimeout(tick, ms);
    timers.add(timer);
  }

  return {
    store,
    visitors,
    /**
     * Starts the heartbeat, and calls `changed` for each session tracked here whose cluster counts
     * changed: at once when Redis publishes the change, and from a watch of the sessions' versions
     * every COUNT_BROADCAST_MS, which also catches what was published while this node was away.
     */
    async start(changed: (sessionId: string) => void): Promise<void> {
      every(config.NODE_HEARTBEAT_MS, () => store.heartbeat());
      const presences = new Set(store.presenceKeys());
      unsubscribe = await counts
        .subscribeChanges((sessionId) => {
          if (presences.has(sessionId)) changed(sessionId);
          else void store.isTracked(sessionId).then((tracked) => tracked && changed(sessionId));
        })
        .catch((error: unknown) => {
          logger.warn({ err: error }, 'change notifications unavailable; other nodes’ changes arrive with the watch');
          return undefined;
        });
      const versions = new Map<string, number>();
      every(config.COUNT_BROADCAST_MS, async () => {
        const sessionIds = [...(await store.sessionIds()), ...store.presenceKeys()];
        const current = await store.clusterCounts(sessionIds);
        if (!current) return;
        for (const sessionId of versions.keys()) if (!current.has(sessionId)) versions.delete(sessionId);
        for (const [sessionId, { version }] of current) {
          if (versions.get(sessionId) === version) continue;
          versions.set(sessionId, version);
          changed(sessionId);
        }
      });
    },
    /** Stops the timers and takes this node's viewers out of the cluster's counts. */
    async close(): Promise<void> {
      stopped = true;
      for (const timer of timers) clock.clearTimeout(timer);
      await unsubscribe?.();
      counts.stopAnnouncing();
      await store.withdraw();
      // A client that is not connected would wait for Redis to come back before quitting.
      if (redis.isReady) await redis.close().catch(() => redis.destroy());
      else redis.destroy();
    },
  };
}

export type ClusterNode = Awaited<ReturnType<typeof joinCluster>>;
