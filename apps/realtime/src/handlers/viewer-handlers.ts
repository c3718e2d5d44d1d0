import type { SessionViewRecord } from '@showfloor/contracts';
import { ConflictError, sessionRefPayloadSchema, socketEvents } from '@showfloor/contracts';
import type { DeliveryOutbox } from '@showfloor/delivery';
import type { Clock, Logger } from '@showfloor/server-kit';
import type { LiveCountersBroadcaster } from '../broadcast/live-counters-broadcaster.ts';
import type { IdleSessionRelease } from '../lifecycle/idle-session-release.ts';
import type { SessionPickUp } from '../lifecycle/session-pick-up.ts';
import { acknowledge, parsePayload } from '../socket/acknowledge.ts';
import { type RealtimeSocket, sessionRoom } from '../socket/socket-types.ts';
import type { CounterStore } from '../state/counter-store.ts';
import type { SessionFactsCache } from '../state/session-facts-cache.ts';
import type { RateLimitGuard } from './handler-guards.ts';

export interface ViewerHandlerDeps {
  withinRateLimit: RateLimitGuard;
  /** Most sessions one socket may be in at once (MAX_SESSIONS_PER_SOCKET). */
  maxSessionsPerSocket: number;
  facts: Pick<SessionFactsCache, 'get'>;
  pickUp: Pick<SessionPickUp, 'track'>;
  store: Pick<CounterStore, 'join' | 'leave'>;
  views: Pick<DeliveryOutbox<SessionViewRecord>, 'enqueue'>;
  broadcaster: Pick<LiveCountersBroadcaster, 'viewerCountChanged'>;
  releaseIfIdle: IdleSessionRelease;
  clock: Clock;
  logger: Logger;
}

/**
 * `join-session` / `leave-session` / disconnect: viewers, their view records and the count. Joins
 * are rate-limited per socket and a socket is in a bounded number of sessions; a waiting room left
 * empty is released.
 */
export function createViewerHandlers(deps: ViewerHandlerDeps) {
  const { store, views, broadcaster, clock, logger } = deps;

  async function leave(socket: RealtimeSocket, sessionId: string): Promise<void> {
    socket.data.sessions.delete(sessionId);
    const { closed, countChanged } = await store.leave(
      sessionId,
      socket.data.identity.viewerKey,
      socket.id,
      clock.now(),
    );
    if (closed) views.enqueue([closed]);
    if (countChanged) broadcaster.viewerCountChanged(sessionId);
    await deps.releaseIfIdle(sessionId);
  }

  const closedBeforeJoin = () => new ConflictError('The connection closed before the join completed');

  return function registerViewerHandlers(socket: RealtimeSocket): void {
    socket.on(socketEvents.joinSession, (payload, ack) =>
      acknowledge(ack, logger, async () => {
        const { sessionId } = parsePayload(sessionRefPayloadSchema, payload);
        await deps.withinRateLimit('join', socket);
        const max = deps.maxSessionsPerSocket;
        if (!socket.data.sessions.has(sessionId) && socket.data.sessions.size >= max) {
          throw new ConflictError(`A connection can be in at most ${max} sessions at once; leave one first`, [
            { field: 'sessionId', message: `at most ${max} sessions per connection` },
          ]);
        }
        const facts = await deps.facts.get(sessionId);
        if (facts.status === 'ended') throw new ConflictError('The stream has ended');
        await deps.pickUp.track(facts);
        // The socket went away while its facts were read (or the node is shutting down): a view
        // opened now would never be closed.
        if (socket.disconnected) throw closedBeforeJoin();
        const outcome = await store.join(sessionId, socket.data.identity, socket.id, clock.now());
        // Released or ended between the pick-up and the join: a fresh join reads the facts again.
        if (!outcome) throw new ConflictError('The session changed while joining; join again');
        socket.data.sessions.add(sessionId);
        if (outcome.views.length > 0) views.enqueue(outcome.views);
        // It went away while the store counted it, so its disconnect found nothing to leave.
        if (socket.disconnected) {
          await leave(socket, sessionId);
          throw closedBeforeJoin();
        }
        await socket.join(sessionRoom(sessionId));
        if (outcome.countChanged) broadcaster.viewerCountChanged(sessionId);
        return { sessionId, role: outcome.role, viewerCount: outcome.viewerCount };
      }),
    );

    socket.on(socketEvents.leaveSession, (payload, ack) =>
      acknowledge(ack, logger, async () => {
        const { sessionId } = parsePayload(sessionRefPayloadSchema, payload);
        await leave(socket, sessionId);
        await socket.leave(sessionRoom(sessionId));
        return { sessionId };
      }),
    );

    socket.on('disconnect', () => {
      for (const sessionId of [...socket.data.sessions]) {
        void leave(socket, sessionId).catch((error: unknown) =>
          logger.error({ err: error, sessionId }, 'leaving a session on disconnect failed'),
        );
      }
    });
  };
}
