import type { SessionViewRecord } from '@showfloor/contracts';
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
} from './counter-store.ts';
import { LiveSession } from './live-session.ts';
import type { ViewerIdentity } from './viewer-identity.ts';

const notTracked: LeaveOutcome = { countChanged: false };

/**
 * The counter store of one node, in its memory: a `LiveSession` per tracked session. Every answer
 * is ready at once; the methods are async only so that a shared store fits the same interface.
 */
export class InMemoryCounterStore implements CounterStore {
  private readonly sessions = new Map<string, LiveSession>();

  async start({ sessionId, creatorId, checkpoints, nodeId, audiences }: SessionStart): Promise<void> {
    if (this.sessions.has(sessionId)) return;
    const session = new LiveSession(sessionId, creatorId);
    session.restore(checkpoints, nodeId);
    for (const audience of audiences) session.seedAudience(audience);
    this.sessions.set(sessionId, session);
  }

  /** A tracked session's counters, for a store layered over this one (the cluster store). */
  session(sessionId: string): LiveSession | undefined {
    return this.sessions.get(sessionId);
  }

  async isTracked(sessionId: string): Promise<boolean> {
    return this.sessions.has(sessionId);
  }

  async sessionIds(): Promise<string[]> {
    return [...this.sessions.keys()];
  }

  async release(sessionId: string, now: number): Promise<ReleasedSession | undefined> {
    const session = this.sessions.get(sessionId);
    if (!session) return undefined;
    this.sessions.delete(sessionId);
    return { closedViews: session.closeAllViews(now), counts: session.reportedCounts() };
  }

  async releaseIfEmpty(sessionId: string): Promise<boolean> {
    const session = this.sessions.get(sessionId);
    if (!session || session.hasViewers) return false;
    this.sessions.delete(sessionId);
    return true;
  }

  async join(
    sessionId: string,
    identity: ViewerIdentity,
    socketId: string,
    now: number,
  ): Promise<JoinOutcome | undefined> {
    const session = this.sessions.get(sessionId);
    if (!session) return undefined;
    return { ...session.join(identity, socketId, now), viewerCount: session.viewerCount };
  }

  async leave(sessionId: string, viewerKey: string, socketId: string, now: number): Promise<LeaveOutcome> {
    return this.sessions.get(sessionId)?.leave(viewerKey, socketId, now) ?? notTracked;
  }

  async closeAllViews(sessionId: string, now: number): Promise<SessionViewRecord[]> {
    return this.sessions.get(sessionId)?.closeAllViews(now) ?? [];
  }

  async watchingNow(sessionIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const sessionId of sessionIds) {
      const session = this.sessions.get(sessionId);
      if (session) counts.set(sessionId, session.viewerCount);
    }
    return counts;
  }

  async addReaction(sessionId: string, type: string): Promise<boolean> {
    const session = this.sessions.get(sessionId);
    session?.addReaction(type);
    return session !== undefined;
  }

  async reactionStats(sessionId: string): Promise<ReactionStats | undefined> {
    return this.sessions.get(sessionId)?.reactionStats();
  }

  async addClick(sessionId: string, productId: string, viewerKey: string): Promise<ClickOutcome | undefined> {
    return this.sessions.get(sessionId)?.addClick(productId, viewerKey);
  }

  async clickStats(sessionId: string): Promise<ClickStats | undefined> {
    const session = this.sessions.get(sessionId);
    if (!session?.hasClicks()) return undefined;
    return { productStats: session.clickStats(), totalViewers: session.totalViewers };
  }

  async liveCounts(sessionId: string, now: number, withViewers = true): Promise<LiveCounts | undefined> {
    const session = this.sessions.get(sessionId);
    if (!session) return undefined;
    return {
      viewerCount: session.viewerCount,
      peakViewers: session.peakViewers,
      totalViewers: session.totalViewers,
      viewers: withViewers ? session.currentSubscribers(now) : [],
      reactions: session.reactionStats(),
      productClicks: session.clickStats(),
    };
  }

  async reportedCounts(sessionId: string): Promise<ReportedCounts | undefined> {
    return this.sessions.get(sessionId)?.reportedCounts();
  }
}
