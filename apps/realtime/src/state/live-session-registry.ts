import type { SessionFacts } from '@showfloor/contracts';
import { LiveSession } from './live-session.ts';

/** The sessions this node is tracking, by id. */
export class LiveSessionRegistry {
  private readonly sessions = new Map<string, LiveSession>();

  get(sessionId: string): LiveSession | undefined {
    return this.sessions.get(sessionId);
  }

  /** The session's state, created on first use; `isNew` lets the caller restore a checkpoint. */
  getOrCreate(facts: SessionFacts): { session: LiveSession; isNew: boolean } {
    const existing = this.sessions.get(facts.id);
    if (existing) return { session: existing, isNew: false };
    const session = new LiveSession(facts.id, facts.creatorId);
    this.sessions.set(facts.id, session);
    return { session, isNew: true };
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
