import type { ProductClickerRecord } from '@showfloor/contracts';
import { ForbiddenError, socketEvents, trackProductClickPayloadSchema, ValidationError } from '@showfloor/contracts';
import type { DeliveryOutbox } from '@showfloor/delivery';
import type { Clock, Logger } from '@showfloor/server-kit';
import type { LiveCountersBroadcaster } from '../broadcast/live-counters-broadcaster.ts';
import { acknowledge, parsePayload } from '../socket/acknowledge.ts';
import type { RealtimeSocket } from '../socket/socket-types.ts';
import type { CounterStore } from '../state/counter-store.ts';
import type { JoinedSessionGuard, RateLimitGuard } from './handler-guards.ts';

export interface ClickHandlerDeps {
  withinRateLimit: RateLimitGuard;
  joinedSession: JoinedSessionGuard;
  store: Pick<CounterStore, 'addClick'>;
  /** Each viewer's first click on a product, stored once by the API. */
  clickers: Pick<DeliveryOutbox<ProductClickerRecord>, 'enqueue'>;
  broadcaster: Pick<LiveCountersBroadcaster, 'clicked'>;
  clock: Clock;
  logger: Logger;
}

/** `track-product-click`: rate-limited per socket; unique clicks by viewer identity, total clicks, CTR on a cadence. */
export function createClickHandlers(deps: ClickHandlerDeps) {
  return function registerClickHandlers(socket: RealtimeSocket): void {
    socket.on(socketEvents.trackProductClick, (payload, ack) =>
      acknowledge(ack, deps.logger, async () => {
        const { sessionId, productId } = parsePayload(trackProductClickPayloadSchema, payload);
        await deps.withinRateLimit('click', socket);
        const facts = await deps.joinedSession(socket, sessionId, { liveOnly: 'Product clicks are tracked' });
        if (!facts.productIds.includes(productId)) {
          throw new ValidationError('That product is not in this session', [
            { field: 'productId', message: 'is not in the session' },
          ]);
        }
        const { viewerKey } = socket.data.identity;
        const counted = await deps.store.addClick(sessionId, productId, viewerKey);
        if (!counted) throw new ForbiddenError('Join the session before sending events to it');
        // Who clicked is stored once per viewer, so unique clicks survive restarts and other nodes.
        if (counted.firstClick) {
          deps.clickers.enqueue([
            { sessionId, productId, viewerKey, clickedAt: new Date(deps.clock.now()).toISOString() },
          ]);
        }
        deps.broadcaster.clicked(sessionId);
        return counted.stats;
      }),
    );
  };
}
