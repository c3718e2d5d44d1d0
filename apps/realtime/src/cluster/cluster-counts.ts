import { type Clock, type RedisClient, systemClock } from '@showfloor/server-kit';
import { Coalescer } from '../broadcast/coalescer.ts';
import {
  clickScript,
  expireSessionScript,
  heartbeatScript,
  joinScript,
  leaveScript,
  raiseScript,
  reapScript,
  sumsScript,
  syncPresenceScript,
} from './cluster-scripts.ts';

/** A subscriber as the cluster lists them in "watching now". */
export interface PresentSubscriber {
  viewerKey: string;
  userId: string | null;
  guestId: string | null;
  joinedAt: number;
}

export interface ClusterSessionCounts {
  /** Distinct subscribers present on any node. */
  viewerCount: number;
  peakViewers: number;
  /** Distinct subscribers who ever joined. */
  totalViewers: number;
  /** Changes whenever anything of the session does. */
  version: number;
}

export interface ClusterClick {
  firstClick: boolean;
  uniqueClicks: number;
  totalClicks: number;
  totalViewers: number;
}

export type CountKind = 'reactions' | 'clicks';

/** At most one announcement of a session's changes per this long, the last of a burst included. */
const changeAnnouncementMs = 50;

/** How long an ended session's keys stay (a late read of its figures still finds them). */
const endedSessionTtlSeconds = 3_600;

const info = (viewer: PresentSubscriber) =>
  JSON.stringify({ userId: viewer.userId, guestId: viewer.guestId, joinedAt: viewer.joinedAt });

const pairsToMap = (flat: unknown): Map<string, number> => {
  const entries = flat as (string | number)[];
  const map = new Map<string, number>();
  for (let i = 0; i < entries.length; i += 2) map.set(String(entries[i]), Number(entries[i + 1]));
  return map;
};

/**
 * One node's view of the cluster's live counters in Redis (layout in cluster-scripts.ts): every
 * method is one round trip, and throws when Redis does not answer — the cluster counter store
 * decides what then.
 */
export class ClusterCounts {
  /**
   * This node's changes are announced on `<prefix>changes` so the other nodes rebroadcast them
   * at once: the first change of a session at once, the rest of a burst once 50 ms later, so a
   * storm of reactions is not a publish each (their rebroadcasts are coalesced anyway).
   */
  private readonly announcements: Coalescer;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    readonly nodeId: string,
    private readonly heartbeatTtlMs: number,
    clock: Clock = systemClock,
  ) {
    this.announcements = new Coalescer(clock, changeAnnouncementMs);
  }

  private announce(sessionId: string): void {
    this.announcements.request(sessionId, () => {
      void this.redis.publish(`${this.prefix}changes`, `${this.nodeId} ${sessionId}`).catch(() => {});
    });
  }

  /** Stops announcing (shutdown). */
  stopAnnouncing(): void {
    this.announcements.clear();
  }

  /** This node stopped tracking the session: nothing more to announce for it (the watch covers a last change). */
  forgetAnnouncements(sessionId: string): void {
    this.announcements.forget(sessionId);
  }

  private session(sessionId: string): string {
    return `${this.prefix}s:${sessionId}:`;
  }

  /** A subscriber's first socket on this node; `remember`: they count among everyone who joined. */
  async join(sessionId: string, viewer: PresentSubscriber, remember = true): Promise<number> {
    const args = [this.prefix, sessionId, this.nodeId, remember ? '1' : '0', viewer.viewerKey, info(viewer)];
    const count = Number(await joinScript.run(this.redis, args));
    this.announce(sessionId);
    return count;
  }

  async leave(sessionId: string, viewerKey: string): Promise<number> {
    const count = Number(await leaveScript.run(this.redis, [this.prefix, sessionId, this.nodeId, viewerKey]));
    this.announce(sessionId);
    return count;
  }

  /** This node's presence in the session becomes exactly `viewers`. */
  async syncPresence(sessionId: string, viewers: readonly PresentSubscriber[], remember = true): Promise<void> {
    const args: string[] = [this.prefix, sessionId, this.nodeId, remember ? '1' : '0'];
    for (const viewer of viewers) args.push(viewer.viewerKey, info(viewer));
    await syncPresenceScript.run(this.redis, args);
    this.announce(sessionId);
  }

  /** Sessions where Redis holds presence of this node (a previous run's too, after a crash). */
  async presenceSessions(): Promise<string[]> {
    return this.redis.sMembers(`${this.prefix}node:${this.nodeId}:sessions`);
  }

  /** True when this node's previous heartbeat had not lapsed (its presence stands as written). */
  async heartbeat(): Promise<boolean> {
    return Number(await heartbeatScript.run(this.redis, [this.prefix, this.nodeId, this.heartbeatTtlMs])) === 1;
  }

  /** Takes nodes whose heartbeat lapsed out of every session's presence; how many there were. */
  async reapLapsedNodes(): Promise<number> {
    return Number(await reapScript.run(this.redis, [this.prefix, this.nodeId]));
  }

  /** Raises `node`'s own counts of a kind to at least `values` (its own, or a checkpoint it reported). */
  async raise(sessionId: string, kind: CountKind, node: string, values: ReadonlyMap<string, number>): Promise<void> {
    if (values.size === 0) return;
    const args: (string | number)[] = [this.prefix, sessionId, kind, node];
    for (const [field, value] of values) args.push(field, value);
    if (Number(await raiseScript.run(this.redis, args)) === 1) this.announce(sessionId);
  }

  /** The cluster's counts of a kind: per reaction type or per product, summed over nodes. */
  async sums(sessionId: string, kind: CountKind): Promise<Map<string, number>> {
    return pairsToMap(await sumsScript.run(this.redis, [this.prefix, sessionId, kind]));
  }

  async click(sessionId: string, productId: string, viewerKey: string, ownTotal: number): Promise<ClusterClick> {
    const [first, unique, total, viewers] = (await clickScript.run(this.redis, [
      this.prefix,
      sessionId,
      this.nodeId,
      productId,
      viewerKey,
      ownTotal,
    ])) as number[];
    this.announce(sessionId);
    return { firstClick: first === 1, uniqueClicks: unique ?? 0, totalClicks: total ?? 0, totalViewers: viewers ?? 0 };
  }

  /** Unique clickers of each product. */
  async uniqueClickers(sessionId: string, productIds: readonly string[]): Promise<Map<string, number>> {
    const counts = await Promise.all(
      productIds.map((productId) => this.redis.sCard(`${this.session(sessionId)}clickers:${productId}`)),
    );
    return new Map(productIds.map((productId, index) => [productId, Number(counts[index])]));
  }

  /** Adds identities known to have subscribed, or to have clicked a product. */
  async addKnown(sessionId: string, viewerKeys: Iterable<string>, clickedProductId?: string): Promise<void> {
    const members = [...viewerKeys];
    if (members.length === 0) return;
    const set = clickedProductId === undefined ? 'ever' : `clickers:${clickedProductId}`;
    await this.redis.sAdd(`${this.session(sessionId)}${set}`, members);
  }

  /** The counts of each session Redis knows; a session it has never seen is left out. */
  async counts(sessionIds: readonly string[]): Promise<Map<string, ClusterSessionCounts>> {
    const rows = await Promise.all(
      sessionIds.map(async (sessionId) => {
        const key = this.session(sessionId);
        const [meta, ever] = await Promise.all([
          this.redis.hmGet(`${key}meta`, ['count', 'peak', 'version']),
          this.redis.sCard(`${key}ever`),
        ]);
        return { sessionId, meta, ever: Number(ever) };
      }),
    );
    const counts = new Map<string, ClusterSessionCounts>();
    for (const { sessionId, meta, ever } of rows) {
      const [count, peak, version] = meta.map((value) => (value === null ? null : Number(value)));
      if (version === null && ever === 0) continue;
      counts.set(sessionId, {
        viewerCount: Math.max(0, count ?? 0),
        peakViewers: peak ?? 0,
        totalViewers: ever,
        version: version ?? 0,
      });
    }
    return counts;
  }

  /** Subscribers present on any node, with their first socket's join time. */
  async presentSubscribers(sessionId: string): Promise<PresentSubscriber[]> {
    const joined = await this.redis.hGetAll(`${this.session(sessionId)}joined`);
    return Object.entries(joined).map(([viewerKey, raw]) => {
      const parsed = JSON.parse(raw) as Omit<PresentSubscriber, 'viewerKey'>;
      return { viewerKey, userId: parsed.userId, guestId: parsed.guestId, joinedAt: parsed.joinedAt };
    });
  }

  /**
   * Calls `changed` with each session id whose counts another node changed, as it announces them
   * (on a connection of its own, which resubscribes after an outage). Returns how to stop.
   */
  async subscribeChanges(changed: (sessionId: string) => void): Promise<() => Promise<void>> {
    const subscriber = this.redis.duplicate();
    subscriber.on('error', () => {});
    await subscriber.connect();
    await subscriber.subscribe(`${this.prefix}changes`, (message) => {
      // Node ids may hold spaces; session ids do not: split at the last one.
      const at = message.lastIndexOf(' ');
      if (at < 0 || message.slice(0, at) === this.nodeId) return;
      changed(message.slice(at + 1));
    });
    return async () => {
      if (subscriber.isReady) await subscriber.close().catch(() => subscriber.destroy());
      else subscriber.destroy();
    };
  }

  /** The stream ended: its keys go after a while. */
  async expireSession(sessionId: string): Promise<void> {
    await expireSessionScript.run(this.redis, [this.prefix, sessionId, endedSessionTtlSeconds]);
  }

  /** This node stops: its presence leaves every session now rather than at its heartbeat's lapse. */
  async withdraw(sessionIds: readonly string[]): Promise<void> {
    for (const sessionId of sessionIds) await this.syncPresence(sessionId, []);
    await this.redis.del(`${this.prefix}node:${this.nodeId}:alive`);
  }
}
