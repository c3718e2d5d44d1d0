import type { Prisma } from '@showfloor/db';

/**
 * The order a session's products are shown in, everywhere they are listed (the session, its
 * product list, its analytics, the facts realtime nodes check clicks against): display order, then
 * the order they were added; the product id makes ties deterministic.
 */
export const productDisplayOrder: Prisma.SessionProductOrderByWithRelationInput[] = [
  { displayOrder: 'asc' },
  { addedAt: 'asc' },
  { productId: 'asc' },
];
