import type { PrismaClient } from '@showfloor/db';

export function createProductsRepository(_prisma: PrismaClient) {
  return {};
}

export type ProductsRepository = ReturnType<typeof createProductsRepository>;
