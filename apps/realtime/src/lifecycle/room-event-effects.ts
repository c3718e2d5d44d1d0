import type { RoomBroadcast } from '@showfloor/contracts';
import type { SessionFactsCache } from '../state/session-facts-cache.ts';
import type { StreamEnder, UntilDelivered } from './stream-ender.ts';

/**
 * Keeps what a node knows of a session in step with the room events the API causes, the moment
 * they arrive: a click right after a pause, or on a product just removed, is refused by the next
 * event, not after the facts' lifetime. The node that received the broadcast and every other node
 * (told through the adapter) apply the same effects. The answer says when what the event set off
 * has reached the API (an ended stream's final totals); most events set off nothing.
 */
export function createRoomEventEffects(deps: {
  facts: Pick<SessionFactsCache, 'patch'>;
  streamEnder: Pick<StreamEnder, 'end'>;
}) {
  return function applyRoomEvent(broadcast: RoomBroadcast): UntilDelivered {
    const { sessionId } = broadcast.payload;
    switch (broadcast.event) {
      case 'stream-started':
      case 'stream-resumed':
        deps.facts.patch(sessionId, { status: 'live' });
        break;
      case 'stream-paused':
        deps.facts.patch(sessionId, { status: 'paused' });
        break;
      case 'stream-ended':
        return deps.streamEnder.end(sessionId, { endedAt: broadcast.payload.endedAt, announced: true });
      case 'session-products-changed':
        deps.facts.patch(sessionId, { productIds: broadcast.payload.productIds });
        break;
      case 'product-showcased':
        deps.facts.patch(sessionId, { activeProductId: broadcast.payload.productId });
        break;
      case 'showcase-cleared':
        deps.facts.patch(sessionId, { activeProductId: null });
        break;
      case 'new-message':
      case 'message-deleted':
        break;
    }
    return async () => true;
  };
}

export type ApplyRoomEvent = ReturnType<typeof createRoomEventEffects>;
