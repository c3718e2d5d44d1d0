import type { PrismaClient } from '@showfloor/db';

export function createSessionAnalyticsRepository(_prisma: PrismaClient) {
  return {};
}

export type SessionAnalyticsRepository = ReturnType<typeof createSessionAnalyticsRepository>;
