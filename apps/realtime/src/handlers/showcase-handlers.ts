import { ForbiddenError, showcaseProductPayloadSchema, socketEvents } from '@showfloor/contracts';
import { appErrorFromApi } from '../api-client/api-request-error.ts';
import { acknowledge, parsePayload } from '../socket/acknowledge.ts';
import { type RealtimeSocket, sessionRoom } from '../socket/socket-types.ts';
import { type HandlerContext, joinedSession } from './handler-context.ts';

/**
 * `showcase-product`: only the session's creator. The API applies the same rules as its REST
 * route and saves it; then the room hears `product-showcased` or `showcase-cleared`.
 */
export function createShowcaseHandlers(context: HandlerContext) {
  return function registerShowcaseHandlers(socket: RealtimeSocket): void {
    socket.on(socketEvents.showcaseProduct, (payload, ack) =>
      acknowledge(ack, context.logger, async () => {
        const { sessionId, productId } = parsePayload(showcaseProductPayloadSchema, payload);
        const identity = socket.data.identity;
        const { facts } = await joinedSession(context, socket, sessionId);
        if (identity.kind !== 'user' || identity.userId !== facts.creatorId) {
          throw new ForbiddenError("Only the session's creator can showcase products");
        }
        const result = await context.api
          .postShowcase({ sessionId, actorUserId: identity.userId, productId })
          .catch((error: unknown) => {
            throw appErrorFromApi(error);
          });
        context.facts.patch(sessionId, { activeProductId: result.activeProductId });
        const room = context.io.to(sessionRoom(sessionId));
        if (result.product) {
          room.emit('product-showcased', { sessionId, productId: result.product.id, product: result.product });
        } else {
          room.emit('showcase-cleared', { sessionId });
        }
        return { sessionId, activeProductId: result.activeProductId };
      }),
    );
  };
}
