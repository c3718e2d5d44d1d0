import { randomUUID } from 'node:crypto';
import type { ProductClickStats, SessionViewRecord } from '@showfloor/contracts';
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
  /** Counts restored from a previous node's checkpoint (its viewer set is not known). */
  baseUnique: number;
}

export interface JoinOutcome {
  role: ViewerRole;
  /** View records to persist: the closed previous view (on a reload), then the new open one. */
  views: SessionViewRecord[];
  countChanged: boolean;
}

/**
 * Everything counted for one live session on this node, in memory: who is watching (distinct
 * subscribers by identity, never sockets; publishers never counted), reactions per type, and
 * product clicks. Pure state: no timers, no I/O — the handlers and flushers drive it.
 */
export class LiveSession {
  private readonly viewers = new Map<string, PresentViewer>();
  private readonly everSubscribed = new Set<string>();
  private readonly reactionCounts = new Map<string, number>();
  private readonly clicks = new Map<string, ClickCounter>();
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

  get viewerCount(): number {
    return this.subscriberCount;
  }

  get peakViewers(): number {
    return this.peak;
  }

  /** Distinct subscribers who joined during the session: the CTR denominator. */
  get totalViewers(): number {
    return this.everSubscribed.size;
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
    const counts = Object.fromEntries(this.reactionCounts);
    return { counts, total: Object.values(counts).reduce((sum, count) => sum + count, 0) };
  }

  addClick(productId: string, viewerKey: string): ProductClickStats {
    const counter = this.clicks.get(productId) ?? { viewers: new Set<string>(), total: 0, baseUnique: 0 };
    counter.viewers.add(viewerKey);
    counter.total += 1;
    this.clicks.set(productId, counter);
    return this.statsOf(productId, counter);
  }

  hasClicks(): boolean {
    return this.clicks.size > 0;
  }

  /** Per-product click stats, most unique clicks first (ties: most total clicks, then id). */
  clickStats(): ProductClickStats[] {
    return [...this.clicks]
      .map(([productId, counter]) => this.statsOf(productId, counter))
      .sort(
        (a, b) =>
          b.uniqueClicks - a.uniqueClicks || b.totalClicks - a.totalClicks || a.productId.localeCompare(b.productId),
      );
  }

  /** Continues from counts a previous node checkpointed, so a restart never loses them. */
  restore(checkpoint: {
    reactionCounts: Record<string, number>;
    productClicks: { productId: string; uniqueClicks: number; totalClicks: number }[];
  }): void {
    for (const [type, count] of Object.entries(checkpoint.reactionCounts)) {
      this.reactionCounts.set(type, (this.reactionCounts.get(type) ?? 0) + count);
    }
    for (const stat of checkpoint.productClicks) {
      const counter = this.clicks.get(stat.productId) ?? { viewers: new Set<string>(), total: 0, baseUnique: 0 };
      counter.baseUnique += stat.uniqueClicks;
      counter.total += stat.totalClicks;
      this.clicks.set(stat.productId, counter);
    }
  }

  private statsOf(productId: string, counter: ClickCounter): ProductClickStats {
    const uniqueClicks = counter.baseUnique + counter.viewers.size;
    return {
      productId,
      uniqueClicks,
      totalClicks: counter.total,
      clickThroughRate: clickThroughRate(uniqueClicks, this.totalViewers),
    };
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

/** uniqueClicks / totalViewers × 100, one decimal; 0 with no viewers. */
export function clickThroughRate(uniqueClicks: number, totalViewers: number): number {
  if (totalViewers === 0) return 0;
  return Math.round((uniqueClicks / totalViewers) * 1000) / 10;
}
