import type { SessionStatus } from '@showfloor/contracts';
import type { PrismaClient } from '@showfloor/db';

/**
 * Whether a session's stored figures are final: the stream has ended and every realtime node that
 * reported counts for it has handed in its final totals. The one rule behind end-stream's wait and
 * the `figuresFinal` of every read.
 */
export function createFinalFigures(prisma: PrismaClient) {
  const nodesStillCounting = (sessionId: string) =>
    prisma.sessionNodeTotals.count({ where: { sessionId, final: false } });
  return {
    nodesStillCounting,
    async areFinal(sessionId: string, status: SessionStatus): Promise<boolean> {
      return status === 'ended' && (await nodesStillCounting(sessionId)) === 0;
    },
  };
}

export type FinalFigures = ReturnType<typeof createFinalFigures>;
