import type { SessionStatus } from '@showfloor/contracts';

/** A session as the observer is told about it: enough to name it and its creator. */
export interface ObservedSession {
  id: string;
  creatorId: string;
  title: string;
}

/**
 * What other modules hear of a session's life, after the change is committed (an end once its
 * figures have settled or the wait ran out). Implementations must return at once and never throw:
 * the request that made the change does not wait for them.
 */
export interface SessionLifecycleObserver {
  created(session: ObservedSession): void;
  statusChanged(session: ObservedSession, from: SessionStatus, to: SessionStatus): void;
}

/** Several observers heard as one, in order (feeds, engagement stats…). */
export function allObservers(...observers: SessionLifecycleObserver[]): SessionLifecycleObserver {
  return {
    created: (session) => {
      for (const observer of observers) observer.created(session);
    },
    statusChanged: (session, from, to) => {
      for (const observer of observers) observer.statusChanged(session, from, to);
    },
  };
}
