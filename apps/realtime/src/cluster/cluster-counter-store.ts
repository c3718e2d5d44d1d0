import { clickThroughRate, type SessionViewRecord } from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type {
  ClickOutcome,
  ClickStats,
  CounterStore,
  JoinOutcome,
  LeaveOutcome,
  LiveCounts,
  ReactionStats,
  ReleasedSession,
  ReportedCounts,
  SessionStart,
} from '../state/counter-store.ts';
import type { InMemoryCounterStore } from '../state/in-memory-counter-store.ts';
import { type LiveSession, rankClicks } from '../state/live-session.ts';
import type { SharedPresence } from '../state/online-users.ts';
import type { ViewerIdentity } from '../state/viewer-identity.ts';
import type { ClusterCounts, ClusterSessionCounts, PresentSubscriber } from './cluster-counts.ts';
import { RedisAvailability, type RedisState } from './redis-availability.ts';

/**
 * The counter store of a node in a cluster (REDIS_URL set): every count is the whole cluster's,
 * kept in Redis (cluster-counts.ts), so every node shows the same exact numbers — distinct viewers
 * by identity across nodes, reactions and clicks from every node, the cluster's peak.
 *
 * Each node still keeps its own counters in memory, underneath: its sockets' views, what it
 * reports to the API as its own (persisted figures stay per node and summed, as with one node),
 * and the numbers it serves while Redis does not answer — then it keeps serving its rooms on its
 * own counts, says so in /health, and at the first heartbeat Redis answers it writes its whole
 * state back (its presence, its own counts as "at least", the identities it saw), so nothing
 * counted during the outage is lost and nothing is counted twice.
 */
export class ClusterCounterStore implements CounterStore {
  /** Redis may have missed some of this node's changes: write its whole state back at the next heartbeat. */
  private resyncNeeded = true;
  private readonly redis: RedisAvailability;
  private withdrawn = false;
  /** Other presences kept in Redis like a session's viewers (who is online), by key: who is here. */
  private readonly presences = new Map<string, () => PresentSubscriber[]>();

  constructor(
    private readonly local: InMemoryCounterStore,
    private readonly cluster: ClusterCounts,
    private readonly logger: Logger,
  ) {
    this.redis = new RedisAvailability(
      logger,
      {
        down: 'redis unavailable: serving rooms on this node’s own counts until it answers',
        up: 'redis answers again: this node’s counts are written back and shared',
      },
      () => {
        this.resyncNeeded = true;
      },
    );
  }

  get redisState(): RedisState {
    return this.redis.state;
  }

  /**
   * One heartbeat: tells Redis this node is alive, writes its state back when Redis may have
   * missed some of it (first beat, an outage, or the node was taken for dead), and takes nodes
   * whose heartbeat lapsed out of the counts.
   */
  async heartbeat(): Promise<void> {
    if (this.withdrawn) return;
    try {
      const stillAlive = await this.cluster.heartbeat();
      // Up before the write-back: a change made meanwhile goes to Redis behind it, in order.
      this.redis.markUp();
      if (!stillAlive || this.resyncNeeded) {
        this.resyncNeeded = false;
        const tracked = [...(await this.local.sessionIds()), ...this.presences.keys()];
        for (const sessionId of tracked) await this.writeBack(sessionId);
        // Presence Redis holds for this node in sessions it does not track: a crashed run's, when
        // this one started under the same NODE_ID before the old heartbeat lapsed.
        for (const sessionId of await this.cluster.presenceSessions()) {
          if (!tracked.includes(sessionId)) await this.cluster.syncPresence(sessionId, []);
        }
      }
      const reaped = await this.cluster.reapLapsedNodes();
      if (reaped > 0) this.logger.warn({ nodes: reaped }, 'realtime nodes whose heartbeat lapsed left the counts');
    } catch (error) {
      this.redis.markDown(error);
    }
  }

  /**
   * This node stops: its viewers leave the cluster's counts now, and what is still read during the
   * rest of the shutdown (the last snapshot window) is this node's own.
   */
  async withdraw(): Promise<void> {
    await this.shared(async () =>
      this.cluster.withdraw([...(await this.local.sessionIds()), ...this.presences.keys()]),
    );
    this.withdrawn = true;
  }

  /**
   * A presence other than a session's viewers, counted the same way across nodes (distinct ids,
   * a dead node's taken out, written back after an outage): `here` lists this node's ids.
   */
  sharedPresence(key: string, here: () => string[]): SharedPresence {
    const present = (id: string): PresentSubscriber => ({ viewerKey: id, userId: id, guestId: null, joinedAt: 0 });
    this.presences.set(key, () => here().map(present));
    return {
      join: (id) => this.shared(() => this.cluster.join(key, present(id), false)),
      leave: (id) => this.shared(() => this.cluster.leave(key, id)),
      read: async () => (await this.clusterCounts([key]))?.get(key)?.viewerCount,
    };
  }

  /** The keys of the other presences (read by the watch with the sessions). */
  presenceKeys(): string[] {
    return [...this.presences.keys()];
  }

  async start(session: SessionStart): Promise<void> {
    if (await this.local.isTracked(session.sessionId)) return;
    await this.local.start(session);
    await this.shared(async () => {
      const { sessionId } = session;
      // What every node reported stays counted, whatever Redis kept (it may have restarted empty).
      for (const checkpoint of session.checkpoints) {
        await this.cluster.raise(
          sessionId,
          'reactions',
          checkpoint.nodeId,
          new Map(Object.entries(checkpoint.reactionCounts)),
        );
        await this.cluster.raise(
          sessionId,
          'clicks',
          checkpoint.nodeId,
          new Map(checkpoint.productClicks.map((stat) => [stat.productId, stat.totalClicks])),
        );
      }
      for (const audience of session.audiences) {
        await this.cluster.addKnown(sessionId, audience.viewerKeys);
        for (const { productId, viewerKeys } of audience.clickers) {
          await this.cluster.addKnown(sessionId, viewerKeys, productId);
        }
      }
    });
  }

  isTracked(sessionId: string): Promise<boolean> {
    return this.local.isTracked(sessionId);
  }

  sessionIds(): Promise<string[]> {
    return this.local.sessionIds();
  }

  async release(sessionId: string, now: number): Promise<ReleasedSession | undefined> {
    const counts = await this.reportedCounts(sessionId);
    const released = await this.local.release(sessionId, now);
    if (!released || !counts) return released;
    await this.shared(async () => {
      await this.cluster.syncPresence(sessionId, []);
      await this.cluster.expireSession(sessionId);
    });
    this.cluster.forgetAnnouncements(sessionId);
    return { ...released, counts };
  }

  async releaseIfEmpty(sessionId: string): Promise<boolean> {
    const released = await this.local.releaseIfEmpty(sessionId);
    if (!released) return false;
    await this.shared(() => this.cluster.syncPresence(sessionId, []));
    this.cluster.forgetAnnouncements(sessionId);
    return true;
  }

  async join(
    sessionId: string,
    identity: ViewerIdentity,
    socketId: string,
    now: number,
  ): Promise<JoinOutcome | undefined> {
    const outcome = await this.local.join(sessionId, identity, socketId, now);
    if (!outcome) return undefined;
    const viewerCount =
      outcome.role === 'subscriber'
        ? await this.shared(() =>
            this.cluster.join(sessionId, {
              viewerKey: identity.viewerKey,
              userId: identity.kind === 'user' ? identity.userId : null,
              guestId: identity.kind === 'guest' ? identity.guestId : null,
              joinedAt: now,
            }),
          )
        : (await this.clusterCounts([sessionId]))?.get(sessionId)?.viewerCount;
    return { ...outcome, viewerCount: viewerCount ?? outcome.viewerCount };
  }

  async leave(sessionId: string, viewerKey: string, socketId: string, now: number): Promise<LeaveOutcome> {
    const outcome = await this.local.leave(sessionId, viewerKey, socketId, now);
    // countChanged: the subscriber's last socket on this node left.
    if (outcome.countChanged) await this.shared(() => this.cluster.leave(sessionId, viewerKey));
    return outcome;
  }

  async closeAllViews(sessionId: string, now: number): Promise<SessionViewRecord[]> {
    const closed = await this.local.closeAllViews(sessionId, now);
    if (closed.length > 0) await this.shared(() => this.cluster.syncPresence(sessionId, []));
    return closed;
  }

  async watchingNow(sessionIds: readonly string[]): Promise<Map<string, number>> {
    const local = await this.local.watchingNow(sessionIds);
    const cluster = await this.clusterCounts(sessionIds);
    if (!cluster) return local;
    const counts = new Map<string, number>();
    for (const sessionId of sessionIds) {
      const count = cluster.get(sessionId)?.viewerCount ?? local.get(sessionId);
      if (count !== undefined) counts.set(sessionId, count);
    }
    return counts;
  }

  async addReaction(sessionId: string, type: string): Promise<boolean> {
    const session = this.local.session(sessionId);
    if (!(await this.local.addReaction(sessionId, type)) || !session) return false;
    await this.shared(() =>
      this.cluster.raise(
        sessionId,
        'reactions',
        this.cluster.nodeId,
        new Map([[type, session.ownReactionCount(type)]]),
      ),
    );
    return true;
  }

  async reactionStats(sessionId: string): Promise<ReactionStats | undefined> {
    const local = await this.local.reactionStats(sessionId);
    if (!local) return undefined;
    return (await this.clusterReactions(sessionId, local)) ?? local;
  }

  /** Every node's reactions from Redis; what this node restored from checkpoints is a floor. */
  private async clusterReactions(sessionId: string, floor?: ReactionStats): Promise<ReactionStats | undefined> {
    const sums = await this.shared(() => this.cluster.sums(sessionId, 'reactions'));
    if (!sums) return undefined;
    const counts: Record<string, number> = { ...floor?.counts };
    for (const [type, sum] of sums) counts[type] = Math.max(sum, counts[type] ?? 0);
    return { counts, total: Object.values(counts).reduce((total, count) => total + count, 0) };
  }

  async addClick(sessionId: string, productId: string, viewerKey: string): Promise<ClickOutcome | undefined> {
    const session = this.local.session(sessionId);
    const outcome = await this.local.addClick(sessionId, productId, viewerKey);
    if (!outcome || !session) return outcome;
    const shared = await this.shared(() =>
      this.cluster.click(sessionId, productId, viewerKey, session.ownClickTotal(productId)),
    );
    if (!shared) return outcome;
    const uniqueClicks = Math.max(shared.uniqueClicks, outcome.stats.uniqueClicks);
    return {
      stats: {
        productId,
        uniqueClicks,
        totalClicks: Math.max(shared.totalClicks, outcome.stats.totalClicks),
        clickThroughRate: clickThroughRate(uniqueClicks, Math.max(shared.totalViewers, session.totalViewers)),
      },
      // Stored once for the cluster: not when another node (or an earlier run) saw it first.
      firstClick: shared.firstClick && outcome.firstClick,
    };
  }

  async clickStats(sessionId: string): Promise<ClickStats | undefined> {
    const session = this.local.session(sessionId);
    if (!session) return undefined;
    const local = await this.local.clickStats(sessionId);
    return (await this.clusterClicks(sessionId, local, session.totalViewers)) ?? local;
  }

  /** Every node's clicks from Redis, with this node's own figures as floors; undefined without any. */
  private async clusterClicks(
    sessionId: string,
    floor?: ClickStats,
    viewersFloor = 0,
  ): Promise<ClickStats | undefined> {
    const shared = await this.shared(async () => {
      const totals = await this.cluster.sums(sessionId, 'clicks');
      const unique = await this.cluster.uniqueClickers(sessionId, [...totals.keys()]);
      const viewers = (await this.cluster.counts([sessionId])).get(sessionId)?.totalViewers ?? 0;
      return { totals, unique, viewers };
    });
    if (!shared || shared.totals.size === 0) return undefined;
    const counts = new Map<string, { uniqueClicks: number; totalClicks: number }>();
    for (const stat of floor?.productStats ?? []) counts.set(stat.productId, stat);
    for (const [productId, total] of shared.totals) {
      const known = counts.get(productId);
      counts.set(productId, {
        uniqueClicks: Math.max(shared.unique.get(productId) ?? 0, known?.uniqueClicks ?? 0),
        totalClicks: Math.max(total, known?.totalClicks ?? 0),
      });
    }
    const totalViewers = Math.max(shared.viewers, viewersFloor);
    return { productStats: rankClicks(counts, totalViewers), totalViewers };
  }

  async liveCounts(sessionId: string, now: number, withViewers = true): Promise<LiveCounts | undefined> {
    const local = await this.local.liveCounts(sessionId, now, withViewers);
    const cluster = (await this.clusterCounts([sessionId]))?.get(sessionId);
    if (!cluster) return local;
    const viewers = withViewers ? await this.shared(() => this.cluster.presentSubscribers(sessionId)) : [];
    return {
      viewerCount: cluster.viewerCount,
      peakViewers: Math.max(cluster.peakViewers, local?.peakViewers ?? 0),
      totalViewers: Math.max(cluster.totalViewers, local?.totalViewers ?? 0),
      viewers: viewers ? viewers.map((viewer) => watching(viewer, now)) : (local?.viewers ?? []),
      // Any node answers for the cluster, whether or not it tracks the session.
      reactions: (await this.clusterReactions(sessionId, local?.reactions)) ??
        local?.reactions ?? { counts: {}, total: 0 },
      productClicks:
        (
          await this.clusterClicks(
            sessionId,
            local && { productStats: local.productClicks, totalViewers: local.totalViewers },
            local?.totalViewers,
          )
        )?.productStats ??
        local?.productClicks ??
        [],
    };
  }

  async reportedCounts(sessionId: string): Promise<ReportedCounts | undefined> {
    const local = await this.local.reportedCounts(sessionId);
    if (!local) return undefined;
    const cluster = (await this.clusterCounts([sessionId]))?.get(sessionId);
    if (!cluster) return local;
    // Reactions and clicks are this node's own (the API adds the nodes up); the peak and the
    // distinct viewers are the cluster's, which the API keeps as the highest any node reported.
    return {
      ...local,
      peakViewers: Math.max(local.peakViewers, cluster.peakViewers),
      totalViewers: Math.max(local.totalViewers, cluster.totalViewers),
    };
  }

  /** The counts of these sessions in Redis; undefined while it does not answer. */
  clusterCounts(sessionIds: readonly string[]): Promise<Map<string, ClusterSessionCounts> | undefined> {
    return this.shared(() => this.cluster.counts(sessionIds));
  }

  /** Everything this node knows of a session, written back to Redis (each write is idempotent). */
  private async writeBack(sessionId: string): Promise<void> {
    const presence = this.presences.get(sessionId);
    if (presence) {
      await this.cluster.syncPresence(sessionId, presence(), false);
      return;
    }
    const session = this.local.session(sessionId);
    if (!session) return;
    await this.cluster.syncPresence(sessionId, presentOn(session));
    const own = session.reportedCounts();
    await this.cluster.raise(sessionId, 'reactions', this.cluster.nodeId, new Map(Object.entries(own.reactionCounts)));
    await this.cluster.raise(
      sessionId,
      'clicks',
      this.cluster.nodeId,
      new Map(own.productClicks.map((stat) => [stat.productId, stat.totalClicks])),
    );
    await this.cluster.addKnown(sessionId, session.everSubscribedKeys());
    for (const [productId, viewerKeys] of session.clickerKeys()) {
      await this.cluster.addKnown(sessionId, viewerKeys, productId);
    }
  }

  /** Runs a Redis operation; while Redis fails, answers undefined and the caller uses this node's own counts. */
  private async shared<T>(operation: () => Promise<T>): Promise<T | undefined> {
    return this.withdrawn ? undefined : this.redis.attempt(operation);
  }
}

function presentOn(session: LiveSession): PresentSubscriber[] {
  return session.currentSubscribers(0).map((viewer) => ({
    viewerKey: viewer.viewerKey,
    userId: viewer.userId,
    guestId: viewer.guestId,
    joinedAt: Date.parse(viewer.joinedAt),
  }));
}

function watching(viewer: PresentSubscriber, now: number) {
  return {
    viewerKey: viewer.viewerKey,
    userId: viewer.userId,
    guestId: viewer.guestId,
    joinedAt: new Date(viewer.joinedAt).toISOString(),
    watchDuration: Math.max(0, Math.floor((now - viewer.joinedAt) / 1000)),
  };
}
