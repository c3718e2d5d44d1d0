import { randomUUID } from 'node:crypto';
import {
  clickThroughRate,
  type NodeCheckpoint,
  type ProductClickStats,
  type SessionTotals,
  type SessionViewRecord,
} from '@showfloor/contracts';
import type { ViewerIdentity } from './viewer-identity.ts';

type ViewerRole = 'publisher' | 'subscriber';

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
  viewers: Set<string>;
  total: number;
  /** Unique clicks this node counted before a restart (their viewer set is not known). */
  baseUnique: number;
}

/** Counts other nodes reported for the session: shown to viewers, never reported as this node's. */
interface OtherNodesCounts {
  reactions: Map<string, number>;
  clicks: Map<string, { uniqueClicks: number; totalClicks: number }>;
  totalViewers: number;
}

type ReportedCounts = Pick<SessionTotals, 'reactionCounts' | 'productClicks' | 'peakViewers' | 'totalViewers'>;

export interface JoinOutcome {
  role: ViewerRole;
  /** View records to persist: the closed previous view (on a reload), then the new open one. */
  views: SessionViewRecord[];
  countChanged: boolean;
}

/**
 * Everything counted for one live session on this node, in memory: who is watching (distinct
 * subscribers by identity, never sockets; publishers never counted), reactions per type, and
 * product clicks. What other nodes reported is added to what viewers see, but this node reports
 * only its own counts. Pure state: no timers, no I/O — the handlers and flushers drive it.
 */
export class LiveSession {
  private readonly viewers = new Map<string, PresentViewer>();
  private readonly everSubscribed = new Set<string>();
  private readonly reactionCounts = new Map<string, number>();
  private readonly clicks = new Map<string, ClickCounter>();
  private readonly otherNodes: OtherNodesCounts = { reactions: new Map(), clicks: new Map(), totalViewers: 0 };
  /** Distinct subscribers this node counted before a restart. */
  private restoredViewers = 0;
  private peak = 0;
  private subscriberCount = 0;

  constructor(
    readonly sessionId: string,
    readonly creatorId: string,
  ) {}

  roleOf(identity: ViewerIdentity): ViewerRole {
    return identity.kind === 'user' && identity.userId === this.creatorId ? 'publisher' : 'subscriber';
  }

  join(identity: ViewerIdentity, socketId: string, now: number): JoinOutcome {
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
  leave(viewerKey: string, socketId: string, now: number): { closed?: SessionViewRecord; countChanged: boolean } {
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

  isWatching(viewerKey: string, socketId: string): boolean {
    return this.viewers.get(viewerKey)?.sockets.has(socketId) ?? false;
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

  /** Distinct subscribers who joined during the session, on any node: the CTR denominator. */
  get totalViewers(): number {
    return this.ownTotalViewers + this.otherNodes.totalViewers;
  }

  private get ownTotalViewers(): number {
    return this.everSubscribed.size + this.restoredViewers;
  }

  currentSubscribers(now: number) {
    return [...this.viewers.values()]
      .filter((viewer) => viewer.role === 'subscriber')
      .map((viewer) => ({
        viewerKey: viewer.identity.viewerKey,
        userId: viewer.identity.kind === 'user' ? viewer.identity.userId : null,
        guestId: viewer.identity.kind === 'guest' ? viewer.identity.guestId : null,
        joinedAt: new Date(viewer.joinedAt).toISOString(),
        watchSeconds: Math.max(0, Math.floor((now - viewer.joinedAt) / 1000)),
      }));
  }

  addReaction(type: string): void {
    this.reactionCounts.set(type, (this.reactionCounts.get(type) ?? 0) + 1);
  }

  reactionStats(): { counts: Record<string, number>; total: number } {
    const counts = Object.fromEntries(this.otherNodes.reactions);
    for (const [type, count] of this.reactionCounts) counts[type] = (counts[type] ?? 0) + count;
    return { counts, total: Object.values(counts).reduce((sum, count) => sum + count, 0) };
  }

  addClick(productId: string, viewerKey: string): ProductClickStats {
    const counter = this.clicks.get(productId) ?? { viewers: new Set<string>(), total: 0, baseUnique: 0 };
    counter.viewers.add(viewerKey);
    counter.total += 1;
    this.clicks.set(productId, counter);
    const other = this.otherNodes.clicks.get(productId);
    const uniqueClicks = counter.baseUnique + counter.viewers.size + (other?.uniqueClicks ?? 0);
    return {
      productId,
      uniqueClicks,
      totalClicks: counter.total + (other?.totalClicks ?? 0),
      clickThroughRate: clickThroughRate(uniqueClicks, this.totalViewers),
    };
  }

  hasClicks(): boolean {
    return this.clicks.size > 0;
  }

  /** Per-product click stats on every node, most unique clicks first (ties: most total clicks, then id). */
  clickStats(): ProductClickStats[] {
    const counts = new Map(this.otherNodes.clicks);
    for (const [productId, own] of this.ownClickCounts()) {
      const other = counts.get(productId);
      counts.set(productId, {
        uniqueClicks: own.uniqueClicks + (other?.uniqueClicks ?? 0),
        totalClicks: own.totalClicks + (other?.totalClicks ?? 0),
      });
    }
    return rankClicks(counts, this.totalViewers);
  }

  /** This node's own cumulative counts: what it reports to the API, which adds up the nodes. */
  reportedCounts(): ReportedCounts {
    return {
      reactionCounts: Object.fromEntries(this.reactionCounts),
      productClicks: rankClicks(this.ownClickCounts(), this.ownTotalViewers),
      peakViewers: this.peak,
      totalViewers: this.ownTotalViewers,
    };
  }

  /**
   * Picks up from what nodes reported earlier: this node's own counts carry on (a restart loses
   * nothing), the other nodes' are shown on top.
   */
  restore(checkpoints: readonly NodeCheckpoint[], nodeId: string): void {
    for (const checkpoint of checkpoints) {
      if (checkpoint.nodeId === nodeId) this.continueFrom(checkpoint);
      else this.showAlongside(checkpoint);
    }
  }

  private continueFrom(own: NodeCheckpoint): void {
    for (const [type, count] of Object.entries(own.reactionCounts)) {
      this.reactionCounts.set(type, (this.reactionCounts.get(type) ?? 0) + count);
    }
    for (const stat of own.productClicks) {
      const counter = this.clicks.get(stat.productId) ?? { viewers: new Set<string>(), total: 0, baseUnique: 0 };
      counter.baseUnique += stat.uniqueClicks;
      counter.total += stat.totalClicks;
      this.clicks.set(stat.productId, counter);
    }
    this.restoredViewers += own.totalViewers;
    this.peak = Math.max(this.peak, own.peakViewers);
  }

  private showAlongside(other: NodeCheckpoint): void {
    const { reactions, clicks } = this.otherNodes;
    for (const [type, count] of Object.entries(other.reactionCounts)) {
      reactions.set(type, (reactions.get(type) ?? 0) + count);
    }
    for (const stat of other.productClicks) {
      const shown = clicks.get(stat.productId);
      clicks.set(stat.productId, {
        uniqueClicks: stat.uniqueClicks + (shown?.uniqueClicks ?? 0),
        totalClicks: stat.totalClicks + (shown?.totalClicks ?? 0),
      });
    }
    this.otherNodes.totalViewers += other.totalViewers;
  }

  private ownClickCounts(): Map<string, { uniqueClicks: number; totalClicks: number }> {
    return new Map(
      [...this.clicks].map(([productId, counter]) => [
        productId,
        { uniqueClicks: counter.baseUnique + counter.viewers.size, totalClicks: counter.total },
      ]),
    );
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
function rankClicks(
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
