import type { PrismaClient } from '@showfloor/db';

export function createSessionProductsRepository(_prisma: PrismaClient) {
  return {};
}

export type SessionProductsRepository = ReturnType<typeof createSessionProductsRepository>;
