import { ForbiddenError, sendReactionPayloadSchema, socketEvents, ValidationError } from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { LiveCountersBroadcaster } from '../broadcast/live-counters-broadcaster.ts';
import { acknowledge, parsePayload } from '../socket/acknowledge.ts';
import type { RealtimeSocket } from '../socket/socket-types.ts';
import type { CounterStore } from '../state/counter-store.ts';
import type { JoinedSessionGuard, RateLimitGuard, SocketEventMetrics } from './handler-guards.ts';

export interface ReactionHandlerDeps {
  /** The types `send-reaction` accepts (REACTION_TYPES). */
  reactionTypes: ReadonlySet<string>;
  withinRateLimit: RateLimitGuard;
  joinedSession: JoinedSessionGuard;
  store: Pick<CounterStore, 'addReaction'>;
  broadcaster: Pick<LiveCountersBroadcaster, 'reactionAdded'>;
  metrics: Pick<SocketEventMetrics, 'reactionsAccepted'>;
  logger: Logger;
}

/**
 * `send-reaction`: one of the configured types (REACTION_TYPES), counted in the counter store (no
 * database write), animated and summarised to the room.
 */
export function createReactionHandlers(deps: ReactionHandlerDeps) {
  const allowed = [...deps.reactionTypes].join(', ');
  return function registerReactionHandlers(socket: RealtimeSocket): void {
    socket.on(socketEvents.sendReaction, (payload, ack) =>
      acknowledge(ack, deps.logger, async () => {
        const { sessionId, type } = parsePayload(sendReactionPayloadSchema, payload);
        if (!deps.reactionTypes.has(type)) {
          throw new ValidationError(`Unknown reaction type; one of ${allowed}`, [
            { field: 'type', message: `must be one of ${allowed}` },
          ]);
        }
        await deps.withinRateLimit('reaction', socket);
        await deps.joinedSession(socket, sessionId, { liveOnly: 'Reactions are accepted' });
        if (!(await deps.store.addReaction(sessionId, type))) {
          throw new ForbiddenError('Join the session before sending events to it');
        }
        deps.metrics.reactionsAccepted += 1;
        deps.broadcaster.reactionAdded(sessionId, type);
        return { type };
      }),
    );
  };
}
