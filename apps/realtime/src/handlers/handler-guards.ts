import { ConflictError, ForbiddenError, type SessionFacts } from '@showfloor/contracts';
import type { StreamEnder } from '../lifecycle/stream-ender.ts';
import type { RealtimeSocket } from '../socket/socket-types.ts';
import type { CounterStore } from '../state/counter-store.ts';
import type { SessionFactsCache } from '../state/session-facts-cache.ts';
import type { SocketAction, SocketRateLimits } from '../state/socket-rate-limits.ts';

/** What the default namespace's handlers count, for `/health`. */
export interface SocketEventMetrics {
  reactionsAccepted: number;
  reactionsRateLimited: number;
  clicksRateLimited: number;
  joinsRateLimited: number;
}

export function createSocketEventMetrics(): SocketEventMetrics {
  return { reactionsAccepted: 0, reactionsRateLimited: 0, clicksRateLimited: 0, joinsRateLimited: 0 };
}

const refusalMetric = {
  join: 'joinsRateLimited',
  reaction: 'reactionsRateLimited',
  click: 'clicksRateLimited',
} as const satisfies Record<SocketAction, keyof SocketEventMetrics>;

/** Takes one of the socket's `action` budget, or refuses with rate_limited (and counts the refusal). */
export type RateLimitGuard = (action: SocketAction, socket: RealtimeSocket) => Promise<void>;

export function createRateLimitGuard(deps: {
  limits: Pick<SocketRateLimits, 'take'>;
  metrics: SocketEventMetrics;
}): RateLimitGuard {
  return async (action, socket) => {
    try {
      await deps.limits.take(action, socket.id);
    } catch (error) {
      deps.metrics[refusalMetric[action]] += 1;
      throw error;
    }
  };
}

/**
 * The fresh facts of a tracked session the socket has joined; refuses events for sessions the
 * socket is not in. A session seen ended here is ended on this node too. With `liveOnly` (what
 * the event does, for the refusal), the stream must be live: a cached status that says otherwise
 * is read again from the API before refusing (at most once a second per session), because the
 * room event that made it live may still be on its way here.
 */
export type JoinedSessionGuard = (
  socket: RealtimeSocket,
  sessionId: string,
  options?: { liveOnly?: string },
) => Promise<SessionFacts>;

export function createJoinedSessionGuard(deps: {
  store: Pick<CounterStore, 'isTracked'>;
  facts: Pick<SessionFactsCache, 'get' | 'recheck'>;
  streamEnder: Pick<StreamEnder, 'end'>;
}): JoinedSessionGuard {
  return async (socket, sessionId, options = {}) => {
    if (!socket.data.sessions.has(sessionId) || !(await deps.store.isTracked(sessionId))) {
      throw new ForbiddenError('Join the session before sending events to it');
    }
    let facts = await deps.facts.get(sessionId);
    if (options.liveOnly !== undefined && facts.status !== 'live') facts = await deps.facts.recheck(sessionId);
    if (facts.status === 'ended') {
      deps.streamEnder.end(sessionId, { announced: false });
      throw new ConflictError('The stream has ended');
    }
    if (options.liveOnly !== undefined && facts.status !== 'live') {
      throw new ConflictError(`${options.liveOnly} only while the stream is live (it is ${facts.status})`);
    }
    return facts;
  };
}
