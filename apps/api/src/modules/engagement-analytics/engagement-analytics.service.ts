import type { Logger } from '@showfloor/server-kit';
import type { LiveStatsReader } from '../../integrations/live-stats-reader.ts';
import type { EngagementAnalyticsRepository } from './engagement-analytics.repository.ts';

export interface EngagementAnalyticsServiceDeps {
  repository: EngagementAnalyticsRepository;
  liveStats: LiveStatsReader;
  logger: Logger;
}

export function createEngagementAnalyticsService(_deps: EngagementAnalyticsServiceDeps) {
  return {};
}

export type EngagementAnalyticsService = ReturnType<typeof createEngagementAnalyticsService>;
