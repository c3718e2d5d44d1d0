import type { SessionFacts } from '@showfloor/contracts';
import type { Prisma, PrismaClient } from '@showfloor/db';

// The same order the session's product list is shown in, so the realtime node sees it as viewers do.
const displayOrdering: Prisma.SessionProductOrderByWithRelationInput[] = [
  { displayOrder: 'asc' },
  { addedAt: 'asc' },
  { productId: 'asc' },
];

export function createSessionFactsRepository(prisma: PrismaClient) {
  return {
    async findFacts(sessionId: string): Promise<SessionFacts | null> {
      const session = await prisma.session.findUnique({
        where: { id: sessionId },
        select: {
          id: true,
          creatorId: true,
          status: true,
          enableViewerAnalytics: true,
          activeProductId: true,
          products: { select: { productId: true }, orderBy: displayOrdering },
          reactionCounts: true,
          clickStats: { select: { productId: true, uniqueClicks: true, totalClicks: true } },
        },
      });
      if (!session) return null;
      const { products, reactionCounts, clickStats, ...facts } = session;
      const counts = (reactionCounts ?? {}) as Record<string, number>;
      // Counts a node checkpointed while the stream was on air: whoever tracks it next continues
      // from them. Once the stream has ended they are final figures, not a checkpoint.
      const onAir = facts.status === 'live' || facts.status === 'paused';
      const hasCounts = Object.keys(counts).length > 0 || clickStats.length > 0;
      return {
        ...facts,
        productIds: products.map((link) => link.productId),
        checkpoint: onAir && hasCounts ? { reactionCounts: counts, productClicks: clickStats } : null,
      };
    },
  };
}

export type SessionFactsRepository = ReturnType<typeof createSessionFactsRepository>;
