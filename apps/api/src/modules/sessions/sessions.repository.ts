import type { PrismaClient } from '@showfloor/db';

export function createSessionsRepository(_prisma: PrismaClient) {
  return {};
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
