import { ForbiddenError, showcaseProductPayloadSchema, socketEvents } from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import { appErrorFromApi } from '../api-client/api-request-error.ts';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';
import { acknowledge, parsePayload } from '../socket/acknowledge.ts';
import { type RealtimeServer, type RealtimeSocket, sessionRoom } from '../socket/socket-types.ts';
import type { SessionFactsCache } from '../state/session-facts-cache.ts';
import type { JoinedSessionGuard } from './handler-guards.ts';

export interface ShowcaseHandlerDeps {
  joinedSession: JoinedSessionGuard;
  api: Pick<InternalApiClient, 'postShowcase'>;
  facts: Pick<SessionFactsCache, 'patch'>;
  io: RealtimeServer;
  logger: Logger;
}

/**
 * `showcase-product`: only the session's creator. The API applies the same rules as its REST
 * route and saves it; then the room hears `product-showcased` or `showcase-cleared`.
 */
export function createShowcaseHandlers(deps: ShowcaseHandlerDeps) {
  return function registerShowcaseHandlers(socket: RealtimeSocket): void {
    socket.on(socketEvents.showcaseProduct, (payload, ack) =>
      acknowledge(ack, deps.logger, async () => {
        const { sessionId, productId } = parsePayload(showcaseProductPayloadSchema, payload);
        const identity = socket.data.identity;
        const facts = await deps.joinedSession(socket, sessionId);
        if (identity.kind !== 'user' || identity.userId !== facts.creatorId) {
          throw new ForbiddenError("Only the session's creator can showcase products");
        }
        const result = await deps.api
          .postShowcase({ sessionId, actorUserId: identity.userId, productId })
          .catch((error: unknown) => {
            throw appErrorFromApi(error);
          });
        deps.facts.patch(sessionId, { activeProductId: result.activeProductId });
        const room = deps.io.to(sessionRoom(sessionId));
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
