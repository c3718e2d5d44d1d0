import { randomUUID } from 'node:crypto';
import {
  clickThroughRate,
  type NodeCheckpoint,
  type ProductClickStats,
  type SessionViewRecord,
} from '@showfloor/contracts';
import type {
  ClickOutcome,
  JoinOutcome,
  KnownAudience,
  LeaveOutcome,
  ReactionStats,
  ReportedCounts,
  ViewerRole,
} from './counter-store.ts';
import type { ViewerIdentity } from './viewer-identity.ts';

interface PresentViewer {
  identity: ViewerIdentity;
  role: ViewerRole;
  sockets: Set<string>;
  /** The open SessionView; a reload or second tab closes it and opens the next. */
  viewId: string;
  viewSocketId: string;
  joinedAt: number;
}

interface ClickCounter {
  /** Everyone known to have clicked the product: seen here, or counted before (the audience). */
  viewers: Set<string>;
  /** Clicks this node counted (its own, across its restarts). */
  total: number;
}

/** Counts other nodes reported for the session: shown to viewers, never reported as this node's. */
interface OtherNodesCounts {
  reactions: Map<string, number>;
  totalClicks: Map<string, number>;
}

/**
 * Distinct counts some node reported, used as floors: identities not loaded (the audience read
 * failed) are never counted twice, at worst under-shown until they return.
 */
interface DistinctFloors {
  viewers: number;
  uniqueClicks: Map<string, number>;
}

/**
 * Everything counted for one live session on this node, in memory: who is watching (distinct
 * subscribers by identity, never sockets; publishers never counted), reactions per type, and
 * product clicks. Distinct viewers and unique clickers are sets of identities that start from the
 * session's known audience, so someone returning after a restart or seen by another node counts
 * once. Reactions and total clicks other nodes reported are added to what viewers see, but this
 * node reports only its own. Pure and synchronous: no timers, no I/O — the in-memory counter store
 * keeps one per tracked session and drives it.
 */
export class LiveSession {
  private readonly viewers = new Map<string, PresentViewer>();
  private readonly everSubscribed = new Set<string>();
  private readonly reactionCounts = new Map<string, number>();
  private readonly clicks = new Map<string, ClickCounter>();
  private readonly otherNodes: OtherNodesCounts = { reactions: new Map(), totalClicks: new Map() };
  private readonly floors: DistinctFloors = { viewers: 0, uniqueClicks: new Map() };
  private peak = 0;
  private subscriberCount = 0;

  constructor(
    readonly sessionId: string,
    readonly creatorId: string,
  ) {}

  roleOf(identity: ViewerIdentity): ViewerRole {
    return identity.kind === 'user' && identity.userId === this.creatorId ? 'publisher' : 'subscriber';
  }

  join(identity: ViewerIdentity, socketId: string, now: number): Omit<JoinOutcome, 'viewerCount'> {
    const role = this.roleOf(identity);
    const existing = this.viewers.get(identity.viewerKey);
    const views: SessionViewRecord[] = [];
    if (existing) {
      if (existing.sockets.has(socketId)) return { role, views, countChanged: false };
      views.push(this.viewRecord(existing, now));
      existing.sockets.add(socketId);
      existing.viewId = randomUUID();
      existing.viewSocketId = socketId;
      existing.joinedAt = now;
      views.push(this.viewRecord(existing, null));
      return { role, views, countChanged: false };
    }
    const viewer: PresentViewer = {
      identity,
      role,
      sockets: new Set([socketId]),
      viewId: randomUUID(),
      viewSocketId: socketId,
      joinedAt: now,
    };
    this.viewers.set(identity.viewerKey, viewer);
    if (role === 'subscriber') {
      this.subscriberCount += 1;
      this.everSubscribed.add(identity.viewerKey);
      this.peak = Math.max(this.peak, this.subscriberCount);
    }
    views.push(this.viewRecord(viewer, null));
    return { role, views, countChanged: role === 'subscriber' };
  }

  /** A socket leaves; the viewer leaves when their last socket does. Returns the closed view. */
  leave(viewerKey: string, socketId: string, now: number): LeaveOutcome {
    const viewer = this.viewers.get(viewerKey);
    if (!viewer?.sockets.delete(socketId)) return { countChanged: false };
    if (viewer.sockets.size > 0) return { countChanged: false };
    this.viewers.delete(viewerKey);
    if (viewer.role === 'subscriber') this.subscriberCount -= 1;
    return { closed: this.viewRecord(viewer, now), countChanged: viewer.role === 'subscriber' };
  }

  /** Ends every open view (end of stream, shutdown). */
  closeAllViews(now: number): SessionViewRecord[] {
    const closed = [...this.viewers.values()].map((viewer) => this.viewRecord(viewer, now));
    this.viewers.clear();
    this.subscriberCount = 0;
    return closed;
  }

  /** Anyone present, publishers included. */
  get hasViewers(): boolean {
    return this.viewers.size > 0;
  }

  get viewerCount(): number {
    return this.subscriberCount;
  }

  get peakViewers(): number {
    return this.peak;
  }

  /** Distinct subscribers who joined during the session: the CTR denominator. */
  get totalViewers(): number {
    return Math.max(this.everSubscribed.size, this.floors.viewers);
  }

  currentSubscribers(now: number) {
    return [...this.viewers.values()]
      .filter((viewer) => viewer.role === 'subscriber')
      .map((viewer) => ({
        viewerKey: viewer.identity.viewerKey,
        userId: viewer.identity.kind === 'user' ? viewer.identity.userId : null,
        guestId: viewer.identity.kind === 'guest' ? viewer.identity.guestId : null,
        joinedAt: new Date(viewer.joinedAt).toISOString(),
        watchDuration: Math.max(0, Math.floor((now - viewer.joinedAt) / 1000)),
      }));
  }

  addReaction(type: string): void {
    this.reactionCounts.set(type, (this.reactionCounts.get(type) ?? 0) + 1);
  }

  reactionStats(): ReactionStats {
    const counts = Object.fromEntries(this.otherNodes.reactions);
    for (const [type, count] of this.reactionCounts) counts[type] = (counts[type] ?? 0) + count;
    return { counts, total: Object.values(counts).reduce((sum, count) => sum + count, 0) };
  }

  /** Counts a click; `firstClick` says this viewer had not clicked the product before (anywhere known). */
  addClick(productId: string, viewerKey: string): ClickOutcome {
    const counter = this.clickCounter(productId);
    const firstClick = !counter.viewers.has(viewerKey);
    counter.viewers.add(viewerKey);
    counter.total += 1;
    const uniqueClicks = this.uniqueClicks(productId, counter);
    return {
      stats: {
        productId,
        uniqueClicks,
        totalClicks: counter.total + (this.otherNodes.totalClicks.get(productId) ?? 0),
        clickThroughRate: clickThroughRate(uniqueClicks, this.totalViewers),
      },
      firstClick,
    };
  }

  /** Starts from everyone counted before this node picked the session up. */
  seedAudience(audience: KnownAudience): void {
    for (const viewerKey of audience.viewerKeys) this.everSubscribed.add(viewerKey);
    for (const { productId, viewerKeys } of audience.clickers) {
      const counter = this.clickCounter(productId);
      for (const viewerKey of viewerKeys) counter.viewers.add(viewerKey);
    }
  }

  /** This node's own count of one reaction type (what it reports; the cluster store shares it). */
  ownReactionCount(type: string): number {
    return this.reactionCounts.get(type) ?? 0;
  }

  /** This node's own total clicks on one product. */
  ownClickTotal(productId: string): number {
    return this.clicks.get(productId)?.total ?? 0;
  }

  /** Everyone this node knows to have subscribed (the seeded audience included). */
  everSubscribedKeys(): ReadonlySet<string> {
    return this.everSubscribed;
  }

  /** Everyone this node knows to have clicked, per product. */
  clickerKeys(): [productId: string, viewerKeys: ReadonlySet<string>][] {
    return [...this.clicks].map(([productId, counter]) => [productId, counter.viewers]);
  }

  hasClicks(): boolean {
    return this.clicks.size > 0;
  }

  /** Per-product click stats on every node, most unique clicks first (ties: most total clicks, then id). */
  clickStats(): ProductClickStats[] {
    const productIds = new Set([...this.clicks.keys(), ...this.otherNodes.totalClicks.keys()]);
    const counts = new Map(
      [...productIds].map((productId) => {
        const own = this.clicks.get(productId);
        return [
          productId,
          {
            uniqueClicks: this.uniqueClicks(productId, own),
            totalClicks: (own?.total ?? 0) + (this.otherNodes.totalClicks.get(productId) ?? 0),
          },
        ];
      }),
    );
    return rankClicks(counts, this.totalViewers);
  }

  /**
   * This node's own cumulative counts: what it reports to the API, which adds up the nodes'
   * reactions and clicks. Its distinct counts cover the whole session as far as this node knows;
   * the API takes them as floors beside the identities it stored.
   */
  reportedCounts(): ReportedCounts {
    const own = new Map(
      [...this.clicks].map(([productId, counter]) => [
        productId,
        { uniqueClicks: this.uniqueClicks(productId, counter), totalClicks: counter.total },
      ]),
    );
    return {
      reactionCounts: Object.fromEntries(this.reactionCounts),
      productClicks: rankClicks(own, this.totalViewers),
      peakViewers: this.peak,
      totalViewers: this.totalViewers,
    };
  }

  /**
   * Picks up from what nodes reported earlier: this node's own reactions and clicks carry on (a
   * restart loses nothing), the other nodes' are shown on top; everyone's distinct counts are floors.
   */
  restore(checkpoints: readonly NodeCheckpoint[], nodeId: string): void {
    for (const checkpoint of checkpoints) {
      const own = checkpoint.nodeId === nodeId;
      const reactions = own ? this.reactionCounts : this.otherNodes.reactions;
      for (const [type, count] of Object.entries(checkpoint.reactionCounts)) {
        reactions.set(type, (reactions.get(type) ?? 0) + count);
      }
      for (const stat of checkpoint.productClicks) {
        if (own) this.clickCounter(stat.productId).total += stat.totalClicks;
        else {
          const shown = this.otherNodes.totalClicks.get(stat.productId) ?? 0;
          this.otherNodes.totalClicks.set(stat.productId, shown + stat.totalClicks);
        }
        const floor = this.floors.uniqueClicks.get(stat.productId) ?? 0;
        this.floors.uniqueClicks.set(stat.productId, Math.max(floor, stat.uniqueClicks));
      }
      this.floors.viewers = Math.max(this.floors.viewers, checkpoint.totalViewers);
      if (own) this.peak = Math.max(this.peak, checkpoint.peakViewers);
    }
  }

  private clickCounter(productId: string): ClickCounter {
    let counter = this.clicks.get(productId);
    if (!counter) {
      counter = { viewers: new Set(), total: 0 };
      this.clicks.set(productId, counter);
    }
    return counter;
  }

  private uniqueClicks(productId: string, counter: ClickCounter | undefined): number {
    return Math.max(counter?.viewers.size ?? 0, this.floors.uniqueClicks.get(productId) ?? 0);
  }

  private viewRecord(viewer: PresentViewer, leftAt: number | null): SessionViewRecord {
    return {
      id: viewer.viewId,
      sessionId: this.sessionId,
      viewerKey: viewer.identity.viewerKey,
      userId: viewer.identity.kind === 'user' ? viewer.identity.userId : null,
      guestId: viewer.identity.kind === 'guest' ? viewer.identity.guestId : null,
      role: viewer.role,
      socketId: viewer.viewSocketId,
      joinedAt: new Date(viewer.joinedAt).toISOString(),
      leftAt: leftAt === null ? null : new Date(leftAt).toISOString(),
      watchDuration: leftAt === null ? null : Math.max(0, Math.floor((leftAt - viewer.joinedAt) / 1000)),
    };
  }
}

/** Click stats with CTR, most unique clicks first (ties: most total clicks, then product id). */
export function rankClicks(
  counts: ReadonlyMap<string, { uniqueClicks: number; totalClicks: number }>,
  totalViewers: number,
): ProductClickStats[] {
  return [...counts]
    .map(([productId, { uniqueClicks, totalClicks }]) => ({
      productId,
      uniqueClicks,
      totalClicks,
      clickThroughRate: clickThroughRate(uniqueClicks, totalViewers),
    }))
    .sort(
      (a, b) =>
        b.uniqueClicks - a.uniqueClicks || b.totalClicks - a.totalClicks || a.productId.localeCompare(b.productId),
    );
}
