import { sendReactionPayloadSchema, socketEvents, ValidationError } from '@showfloor/contracts';
import { acknowledge, parsePayload } from '../socket/acknowledge.ts';
import type { RealtimeSocket } from '../socket/socket-types.ts';
import { type HandlerContext, joinedSession, requireLive, withinRateLimit } from './handler-context.ts';

/**
 * `send-reaction`: one of the configured types (REACTION_TYPES), counted in memory (no database
 * write), animated and summarised to the room.
 */
export function createReactionHandlers(context: HandlerContext) {
  return function registerReactionHandlers(socket: RealtimeSocket): void {
    socket.on(socketEvents.sendReaction, (payload, ack) =>
      acknowledge(ack, context.logger, async () => {
        const { sessionId, type } = parsePayload(sendReactionPayloadSchema, payload);
        if (!context.reactionTypes.has(type)) {
          throw new ValidationError(`Unknown reaction type; one of ${[...context.reactionTypes].join(', ')}`, [
            { field: 'type', message: `must be one of ${[...context.reactionTypes].join(', ')}` },
          ]);
        }
        await withinRateLimit(context, 'reaction', socket);
        const { session, facts } = await joinedSession(context, socket, sessionId);
        requireLive(facts, 'Reactions are accepted');
        session.addReaction(type);
        context.metrics.reactionsAccepted += 1;
        context.broadcaster.reactionAdded(sessionId, type);
        return { type };
      }),
    );
  };
}
