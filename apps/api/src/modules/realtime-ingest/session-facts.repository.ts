import { isOnAir, nodeCheckpointSchema, type SessionFacts } from '@showfloor/contracts';
import type { PrismaClient } from '@showfloor/db';
import { productDisplayOrder } from '../session-products/product-display-order.ts';

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
          // The order the product list is shown in, so the realtime node sees it as viewers do.
          products: { select: { productId: true }, orderBy: productDisplayOrder },
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
      const onAir = isOnAir(facts.status);
      return {
        ...facts,
        productIds: products.map((link) => link.productId),
        checkpoints: onAir ? nodeTotals.map((row) => nodeCheckpointSchema.parse(row)) : [],
      };
    },
  };
}

export type SessionFactsRepository = ReturnType<typeof createSessionFactsRepository>;
