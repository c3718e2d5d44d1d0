import { socketEvents, trackProductClickPayloadSchema, ValidationError } from '@showfloor/contracts';
import { acknowledge, parsePayload } from '../socket/acknowledge.ts';
import type { RealtimeSocket } from '../socket/socket-types.ts';
import { type HandlerContext, joinedSession, requireLive, withinRateLimit } from './handler-context.ts';

/** `track-product-click`: rate-limited per socket; unique clicks by viewer identity, total clicks, CTR on a cadence. */
export function createClickHandlers(context: HandlerContext) {
  return function registerClickHandlers(socket: RealtimeSocket): void {
    socket.on(socketEvents.trackProductClick, (payload, ack) =>
      acknowledge(ack, context.logger, async () => {
        const { sessionId, productId } = parsePayload(trackProductClickPayloadSchema, payload);
        await withinRateLimit(context, 'click', socket);
        const { session, facts } = await joinedSession(context, socket, sessionId);
        requireLive(facts, 'Product clicks are tracked');
        if (!facts.productIds.includes(productId)) {
          throw new ValidationError('That product is not in this session', [
            { field: 'productId', message: 'is not in the session' },
          ]);
        }
        const { viewerKey } = socket.data.identity;
        const { stats, firstClick } = session.addClick(productId, viewerKey);
        // Who clicked is stored once per viewer, so unique clicks survive restarts and other nodes.
        if (firstClick) {
          context.clickers.enqueue([
            { sessionId, productId, viewerKey, clickedAt: new Date(context.clock.now()).toISOString() },
          ]);
        }
        context.broadcaster.clicked(sessionId);
        return stats;
      }),
    );
  };
}
