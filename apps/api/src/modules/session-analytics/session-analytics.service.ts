import type { Logger } from '@showfloor/server-kit';
import type { LiveStatsReader } from '../../integrations/live-stats-reader.ts';
import type { SessionAnalyticsRepository } from './session-analytics.repository.ts';

export interface SessionAnalyticsServiceDeps {
  repository: SessionAnalyticsRepository;
  liveStats: LiveStatsReader;
  logger: Logger;
}

export function createSessionAnalyticsService(_deps: SessionAnalyticsServiceDeps) {
  return {};
}

export type SessionAnalyticsService = ReturnType<typeof createSessionAnalyticsService>;
