import type { SessionTotals } from '@showfloor/contracts';
import type { PrismaClient } from '@showfloor/db';

export interface TotalsOutcome {
  /** Sessions of the batch that exist; their totals were stored. */
  storedSessionIds: ReadonlySet<string>;
  /** Product click stats inserted or replaced. */
  clickStatsSaved: number;
  /** Click stats left out because their product no longer exists. */
  clickStatsSkipped: number;
}

export function createSessionTotalsRepository(prisma: PrismaClient) {
  return {
    /**
     * Stores a batch (at most one item per session) in one transaction. Every figure replaces the
     * stored one, because each delivery carries the session's cumulative counts: a redelivered or
     * repeated checkpoint therefore counts once. The peak alone keeps the highest value ever seen.
     */
    applyBatch(totals: readonly SessionTotals[]): Promise<TotalsOutcome> {
      return prisma.$transaction(async (tx): Promise<TotalsOutcome> => {
        // Sessions are locked in id order, so concurrent batches sharing sessions queue rather than
        // deadlock, and a session deleted meanwhile is simply absent. NO KEY UPDATE, because the
        // key is untouched: it does not conflict with the KEY SHARE locks that concurrent inserts
        // of view records (foreign keys to sessions) take, which FOR UPDATE deadlocked with.
        const locked = await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM sessions
          WHERE id = ANY(${totals.map((item) => item.sessionId)}::uuid[])
          ORDER BY id
          FOR NO KEY UPDATE`;
        const storedSessionIds = new Set(locked.map((row) => row.id));
        const known = totals.filter((item) => storedSessionIds.has(item.sessionId));
        if (known.length === 0) return { storedSessionIds, clickStatsSaved: 0, clickStatsSkipped: 0 };

        await tx.$executeRaw`
          UPDATE sessions
          SET reaction_counts = incoming.reaction_counts::jsonb,
              peak_viewers = GREATEST(sessions.peak_viewers, incoming.peak_viewers),
              total_viewers = incoming.total_viewers,
              updated_at = now()
          FROM unnest(
            ${known.map((item) => item.sessionId)}::uuid[],
            ${known.map((item) => JSON.stringify(item.reactionCounts))}::text[],
            ${known.map((item) => item.peakViewers)}::int[],
            ${known.map((item) => item.totalViewers)}::int[]
          ) AS incoming(session_id, reaction_counts, peak_viewers, total_viewers)
          WHERE sessions.id = incoming.session_id`;

        const clicks = known.flatMap((item) =>
          item.productClicks.map((stats) => ({ sessionId: item.sessionId, ...stats })),
        );
        if (clicks.length === 0) return { storedSessionIds, clickStatsSaved: 0, clickStatsSkipped: 0 };
        // Key-share locking the product makes a product deleted meanwhile drop out here instead of
        // failing the foreign key at the end of the statement.
        const clickStatsSaved = await tx.$executeRaw`
          INSERT INTO product_click_stats
            (id, session_id, product_id, unique_clicks, total_clicks, click_through_rate, updated_at)
          SELECT gen_random_uuid(), clicks.session_id, clicks.product_id, clicks.unique_clicks,
                 clicks.total_clicks, clicks.click_through_rate, now()
          FROM unnest(
            ${clicks.map((stats) => stats.sessionId)}::uuid[],
            ${clicks.map((stats) => stats.productId)}::uuid[],
            ${clicks.map((stats) => stats.uniqueClicks)}::int[],
            ${clicks.map((stats) => stats.totalClicks)}::int[],
            ${clicks.map((stats) => stats.clickThroughRate)}::float8[]
          ) AS clicks(session_id, product_id, unique_clicks, total_clicks, click_through_rate)
          JOIN products ON products.id = clicks.product_id
          ORDER BY clicks.session_id, clicks.product_id
          FOR KEY SHARE OF products
          ON CONFLICT (session_id, product_id) DO UPDATE
            SET unique_clicks = EXCLUDED.unique_clicks,
                total_clicks = EXCLUDED.total_clicks,
                click_through_rate = EXCLUDED.click_through_rate,
                updated_at = EXCLUDED.updated_at`;
        return { storedSessionIds, clickStatsSaved, clickStatsSkipped: clicks.length - clickStatsSaved };
      });
    },
  };
}

export type SessionTotalsRepository = ReturnType<typeof createSessionTotalsRepository>;
