import type { PrismaClient } from '@showfloor/db';

export interface StreamRecap {
  peakViewers: number;
  uniqueViewers: number;
  /** The product clicked most in the stream, by name; null when nothing was clicked. */
  topProduct: string | null;
}

/** A stream's headline figures as stored at its end (what the end-of-stream totals brought). */
export function createStreamRecapReader(prisma: PrismaClient) {
  return async function streamRecap(sessionId: string): Promise<StreamRecap> {
    const [row] = await prisma.$queryRaw<{ peak: number | null; total: number | null; top: string | null }[]>`
      SELECT s.peak_viewers AS peak, s.total_viewers AS total,
             (SELECT p.name FROM product_click_stats c JOIN products p ON p.id = c.product_id
               WHERE c.session_id = s.id ORDER BY c.total_clicks DESC, p.name LIMIT 1) AS top
      FROM sessions s WHERE s.id = ${sessionId}::uuid`;
    return { peakViewers: row?.peak ?? 0, uniqueViewers: row?.total ?? 0, topProduct: row?.top ?? null };
  };
}

export type ReadStreamRecap = ReturnType<typeof createStreamRecapReader>;
