import type { PrismaClient } from '@showfloor/db';

export function createSearchRepository(_prisma: PrismaClient) {
  return {};
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
