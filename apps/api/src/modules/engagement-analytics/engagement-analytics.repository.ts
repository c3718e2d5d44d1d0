import type { PrismaClient } from '@showfloor/db';

export function createEngagementAnalyticsRepository(_prisma: PrismaClient) {
  return {};
}

export type EngagementAnalyticsRepository = ReturnType<typeof createEngagementAnalyticsRepository>;
