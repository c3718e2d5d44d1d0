import { isOnAir, type NodeCheckpoint, type SessionFacts } from '@showfloor/contracts';
import { type KnownAudience, LiveSession } from './live-session.ts';

/** Where a session picked up by this node starts from, besides what the facts carry. */
export interface SessionOrigins {
  /**
   * This node's totals for a session that the API has not accepted yet (spooled at the last
   * shutdown, or waiting out a retry): newer than what the API hands back.
   */
  undeliveredTotals(sessionId: string): NodeCheckpoint | undefined;
  /** Everyone the API has counted so far; undefined when it cannot say (it is down). */
  storedAudience(sessionId: string): Promise<KnownAudience | undefined>;
  /** Viewers and clickers this node saw whose records have not reached the API yet. */
  undeliveredAudience(sessionId: string): KnownAudience;
}

const noOrigins: SessionOrigins = {
  undeliveredTotals: () => undefined,
  storedAudience: async () => undefined,
  undeliveredAudience: () => ({ viewerKeys: [], clickers: [] }),
};

/** The sessions this node is tracking, by id. */
export class LiveSessionRegistry {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly pickingUp = new Map<string, Promise<LiveSession>>();

  constructor(
    private readonly nodeId: string,
    private readonly origins: SessionOrigins = noOrigins,
  ) {}

  get(sessionId: string): LiveSession | undefined {
    return this.sessions.get(sessionId);
  }

  /**
   * The session's state, created on first use from what the nodes reported so far and, for a
   * stream on air, from everyone already counted in it (concurrent first joins share one pick-up).
   */
  async getOrCreate(facts: SessionFacts): Promise<LiveSession> {
    const existing = this.sessions.get(facts.id);
    if (existing) return existing;
    let pickingUp = this.pickingUp.get(facts.id);
    if (!pickingUp) {
      pickingUp = this.pickUp(facts).finally(() => this.pickingUp.delete(facts.id));
      this.pickingUp.set(facts.id, pickingUp);
    }
    return pickingUp;
  }

  remove(sessionId: string): LiveSession | undefined {
    const session = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    return session;
  }

  all(): IterableIterator<LiveSession> {
    return this.sessions.values();
  }

  private async pickUp(facts: SessionFacts): Promise<LiveSession> {
    const session = new LiveSession(facts.id, facts.creatorId);
    const undelivered = this.origins.undeliveredTotals(facts.id);
    const checkpoints =
      undelivered?.nodeId === this.nodeId
        ? [...facts.checkpoints.filter((checkpoint) => checkpoint.nodeId !== this.nodeId), undelivered]
        : facts.checkpoints;
    session.restore(checkpoints, this.nodeId);
    // A waiting room has no audience to carry on from; a stream on air may (a restart, another node).
    if (isOnAir(facts.status)) {
      const stored = await this.origins.storedAudience(facts.id);
      if (stored) session.seedAudience(stored);
    }
    session.seedAudience(this.origins.undeliveredAudience(facts.id));
    // Another caller may have finished first only through this same promise, so no session is lost.
    this.sessions.set(facts.id, session);
    return session;
  }
}
