import type { NodeCheckpoint, SessionFacts } from '@showfloor/contracts';
import { LiveSession } from './live-session.ts';

/** The sessions this node is tracking, by id. */
export class LiveSessionRegistry {
  private readonly sessions = new Map<string, LiveSession>();

  /**
   * @param undeliveredTotals this node's totals for a session that the API has not accepted yet
   *   (spooled at the last shutdown, or waiting out a retry): newer than what the API hands back.
   */
  constructor(
    private readonly nodeId: string,
    private readonly undeliveredTotals: (sessionId: string) => NodeCheckpoint | undefined = () => undefined,
  ) {}

  get(sessionId: string): LiveSession | undefined {
    return this.sessions.get(sessionId);
  }

  /** The session's state, created on first use from what the nodes reported so far. */
  getOrCreate(facts: SessionFacts): LiveSession {
    const existing = this.sessions.get(facts.id);
    if (existing) return existing;
    const session = new LiveSession(facts.id, facts.creatorId);
    const undelivered = this.undeliveredTotals(facts.id);
    const checkpoints =
      undelivered?.nodeId === this.nodeId
        ? [...facts.checkpoints.filter((checkpoint) => checkpoint.nodeId !== this.nodeId), undelivered]
        : facts.checkpoints;
    session.restore(checkpoints, this.nodeId);
    this.sessions.set(facts.id, session);
    return session;
  }

  remove(sessionId: string): LiveSession | undefined {
    const session = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    return session;
  }

  all(): IterableIterator<LiveSession> {
    return this.sessions.values();
  }
}
