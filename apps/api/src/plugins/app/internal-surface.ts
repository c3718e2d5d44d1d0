import { createInternalKeyGuard, type HttpServer } from '@showfloor/server-kit';
import { tokenChecksInternalRoutes } from '../../modules/auth/token-checks.internal-routes.ts';
import { dashboardActionsInternalRoutes } from '../../modules/feature-analytics/dashboard-actions.internal-routes.ts';
import { sessionMilestonesInternalRoutes } from '../../modules/feeds/session-milestones.internal-routes.ts';
import { userSnapshotInternalRoutes } from '../../modules/feeds/user-snapshot.internal-routes.ts';
import { productClickersInternalRoutes } from '../../modules/realtime-ingest/product-clickers.internal-routes.ts';
import { sessionAudienceInternalRoutes } from '../../modules/realtime-ingest/session-audience.internal-routes.ts';
import { sessionFactsInternalRoutes } from '../../modules/realtime-ingest/session-facts.internal-routes.ts';
import { sessionTotalsInternalRoutes } from '../../modules/realtime-ingest/session-totals.internal-routes.ts';
import { sessionViewsInternalRoutes } from '../../modules/realtime-ingest/session-views.internal-routes.ts';
import { socketActionInternalRoutes } from '../../modules/realtime-ingest/socket-actions.internal-routes.ts';
import { viewerSnapshotInternalRoutes } from '../../modules/viewer-snapshots/viewer-snapshots.internal-routes.ts';
import { visitorEventsInternalRoutes } from '../../modules/visitor-analytics/visitor-events.internal-routes.ts';
import type { Services } from '../../services.ts';

export interface InternalSurfaceOptions {
  internalApiKey: string;
  /** INTERNAL_BODY_LIMIT_BYTES: batches from the realtime service are larger than public bodies. */
  bodyLimitBytes: number;
  services: Services;
}

/**
 * Routes only the realtime service may call. Everything here is encapsulated behind the internal
 * key guard, which runs before the body is parsed so an unauthenticated caller costs nothing —
 * which is also why these routes can take a larger body than the public ones.
 */
export async function registerInternalSurface(app: HttpServer, options: InternalSurfaceOptions) {
  const { internalApiKey, bodyLimitBytes, services } = options;
  await app.register(async (internal) => {
    internal.addHook('onRoute', (route) => {
      route.bodyLimit ??= bodyLimitBytes;
      // Not part of the public API: kept out of /docs/json even when served on the public port.
      route.schema = { ...route.schema, hide: true };
    });
    internal.addHook('onRequest', createInternalKeyGuard(internalApiKey));
    await internal.register(viewerSnapshotInternalRoutes, { service: services.viewerSnapshots });
    await internal.register(sessionFactsInternalRoutes, { service: services.sessionFacts });
    await internal.register(sessionViewsInternalRoutes, { service: services.sessionViews });
    await internal.register(sessionTotalsInternalRoutes, { service: services.sessionTotals });
    await internal.register(tokenChecksInternalRoutes, { tokenState: services.tokenState });
    await internal.register(sessionAudienceInternalRoutes, { service: services.sessionAudience });
    await internal.register(productClickersInternalRoutes, { service: services.productClickers });
    await internal.register(visitorEventsInternalRoutes, { service: services.visitorHistory });
    await internal.register(sessionMilestonesInternalRoutes, { milestonesReached: services.milestonesReached });
    await internal.register(userSnapshotInternalRoutes, {
      unreadCounts: services.unreadCounts,
      statsOf: services.engagementStats.statsOf,
    });
    await internal.register(dashboardActionsInternalRoutes, { service: services.featureAnalytics });
    await internal.register(socketActionInternalRoutes, {
      chat: services.chat,
      sessionProducts: services.sessionProducts,
    });
  });
}
