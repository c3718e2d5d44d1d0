import { dashboardActionFeaturePrefix } from '@showfloor/contracts';
import type { Clock } from '@showfloor/server-kit';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';
import type { TrackDashboardAction } from './visitors-namespace.ts';

/**
 * A dashboard action recorded as the admin's feature event `visitors_dashboard.<action>` through
 * the API (its feature-analytics writer): the product team sees how the visitor dashboard is used
 * on the Feature analytics page. The socket's ack waits for the commit, as `POST /api/track` does.
 */
export function recordDashboardAction(
  api: Pick<InternalApiClient, 'postDashboardAction'>,
  clock: Clock,
): TrackDashboardAction {
  return async (userId, action, details) => {
    await api.postDashboardAction({
      userId,
      feature_name: `${dashboardActionFeaturePrefix}${action}`,
      ...(details ? { properties: details } : {}),
      occurredAt: new Date(clock.now()).toISOString(),
    });
  };
}
