import { nodeCheckpointSchema, type SessionFacts } from '@showfloor/contracts';
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
          nodeTotals: {
            select: { nodeId: true, reactionCounts: true, productClicks: true, peakViewers: true, totalViewers: true },
            orderBy: { nodeId: 'asc' },
          },
        },
      });
      if (!session) return null;
      const { products, nodeTotals, ...facts } = session;
      // Counts nodes reported while the stream is on air are where tracking continues from; once
      // the stream has ended they are final figures, not checkpoints. The JSON columns are only
      // written from validated payloads; parsing them again keeps the types honest.
      const onAir = facts.status === 'live' || facts.status === 'paused';
      return {
        ...facts,
        productIds: products.map((link) => link.productId),
        checkpoints: onAir ? nodeTotals.map((row) => nodeCheckpointSchema.parse(row)) : [],
      };
    },
  };
}

export type SessionFactsRepository = ReturnType<typeof createSessionFactsRepository>;
