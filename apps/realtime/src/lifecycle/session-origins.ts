import type { ProductClickerRecord, SessionTotals, SessionViewRecord } from '@showfloor/contracts';
import type { DeliveryOutbox } from '@showfloor/delivery';
import type { Logger } from '@showfloor/server-kit';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';
import type { KnownAudience } from '../state/counter-store.ts';
import type { SessionOrigins } from './session-pick-up.ts';

/**
 * Where a picked-up session's counting starts, besides its facts: what the API stored of its
 * audience, and what this node counted that is still in its outboxes (or spooled by the last run).
 */
export function sessionOrigins(deps: {
  api: Pick<InternalApiClient, 'getSessionAudience'>;
  views: Pick<DeliveryOutbox<SessionViewRecord>, 'pendingItems'>;
  clickers: Pick<DeliveryOutbox<ProductClickerRecord>, 'pendingItems'>;
  totals: Pick<DeliveryOutbox<SessionTotals>, 'pendingItem'>;
  logger: Logger;
}): SessionOrigins {
  return {
    undeliveredTotals: (sessionId) => deps.totals.pendingItem(sessionId),
    storedAudience: (sessionId) =>
      deps.api.getSessionAudience(sessionId).catch((error: unknown) => {
        // Counting goes on; distinct counts stay floors (never doubled) until the audience is known.
        deps.logger.warn({ err: error, sessionId }, 'session audience unavailable; starting from reported counts');
        return undefined;
      }),
    undeliveredAudience: (sessionId) => undeliveredAudience(sessionId, deps.views, deps.clickers),
  };
}

/** Viewers and first clicks of a session still waiting in the outboxes. */
function undeliveredAudience(
  sessionId: string,
  views: Pick<DeliveryOutbox<SessionViewRecord>, 'pendingItems'>,
  clickers: Pick<DeliveryOutbox<ProductClickerRecord>, 'pendingItems'>,
): KnownAudience {
  const viewerKeys = views
    .pendingItems()
    .filter((view) => view.sessionId === sessionId && view.role === 'subscriber')
    .map((view) => view.viewerKey);
  const byProduct = new Map<string, string[]>();
  for (const clicker of clickers.pendingItems()) {
    if (clicker.sessionId !== sessionId) continue;
    byProduct.set(clicker.productId, [...(byProduct.get(clicker.productId) ?? []), clicker.viewerKey]);
  }
  return { viewerKeys, clickers: [...byProduct].map(([productId, keys]) => ({ productId, viewerKeys: keys })) };
}
