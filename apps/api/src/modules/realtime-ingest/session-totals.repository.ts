import { clickThroughRate, type SessionTotals } from '@showfloor/contracts';
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
     * Stores a batch (at most one item per session and node) in one transaction. A node's figures
     * replace what that node reported before, because each delivery carries its cumulative counts:
     * a redelivered or repeated checkpoint therefore counts once. The session's own figures are
     * then recomputed over its nodes, so nodes sharing a stream add up; distinct viewers and unique
     * clicks are counted from who was seen, so nobody counts twice.
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
        const sessionIds = [...new Set(known.map((item) => item.sessionId))];

        await tx.$executeRaw`
          INSERT INTO session_node_totals
            (session_id, node_id, reaction_counts, product_clicks, peak_viewers, total_viewers, final, updated_at)
          SELECT incoming.session_id, incoming.node_id, incoming.reaction_counts::jsonb,
                 incoming.product_clicks::jsonb, incoming.peak_viewers, incoming.total_viewers, incoming.final, now()
          FROM unnest(
            ${known.map((item) => item.sessionId)}::uuid[],
            ${known.map((item) => item.nodeId)}::text[],
            ${known.map((item) => JSON.stringify(item.reactionCounts))}::text[],
            ${known.map((item) => JSON.stringify(item.productClicks.map(({ clickThroughRate: _, ...counts }) => counts)))}::text[],
            ${known.map((item) => item.peakViewers)}::int[],
            ${known.map((item) => item.totalViewers)}::int[],
            ${known.map((item) => item.final)}::boolean[]
          ) AS incoming(session_id, node_id, reaction_counts, product_clicks, peak_viewers, total_viewers, final)
          ON CONFLICT (session_id, node_id) DO UPDATE
            SET reaction_counts = EXCLUDED.reaction_counts,
                product_clicks = EXCLUDED.product_clicks,
                peak_viewers = GREATEST(session_node_totals.peak_viewers, EXCLUDED.peak_viewers),
                total_viewers = EXCLUDED.total_viewers,
                final = session_node_totals.final OR EXCLUDED.final,
                updated_at = EXCLUDED.updated_at`;

        // Reactions add up over nodes. The peak is the highest any node saw: nodes that took over
        // from one another must not add up, and concurrent minutes are combined from snapshots
        // instead. Distinct viewers are counted from the view records, so a viewer who returns
        // after a restart or shows up on two nodes counts once; a node's own distinct count is a
        // floor in case its latest view records are still on their way.
        await tx.$executeRaw`
          UPDATE sessions
          SET reaction_counts = COALESCE((
                SELECT jsonb_object_agg(counts.type, counts.total)
                FROM (
                  SELECT entry.key AS type, sum(entry.value::bigint) AS total
                  FROM session_node_totals node
                  CROSS JOIN LATERAL jsonb_each_text(node.reaction_counts) AS entry
                  WHERE node.session_id = sessions.id
                  GROUP BY entry.key
                ) AS counts), '{}'::jsonb),
              peak_viewers = GREATEST(sessions.peak_viewers,
                (SELECT max(node.peak_viewers) FROM session_node_totals node WHERE node.session_id = sessions.id)),
              total_viewers = GREATEST(
                (SELECT count(DISTINCT view.viewer_key) FROM session_views view
                 WHERE view.session_id = sessions.id AND view.role = 'subscriber'),
                (SELECT max(node.total_viewers) FROM session_node_totals node WHERE node.session_id = sessions.id)),
              updated_at = now()
          WHERE sessions.id = ANY(${sessionIds}::uuid[])`;

        // Total clicks add up over nodes; unique clicks are counted from who clicked (each node's own
        // unique count a floor, as for viewers). Key-share locking the product makes a product deleted
        // meanwhile drop out instead of failing the foreign key.
        const clickCounts = await tx.$queryRaw<
          { sessionId: string; productId: string; uniqueClicks: number; totalClicks: number; totalViewers: number }[]
        >`
          WITH per_node AS (
            SELECT node.session_id, (click->>'productId')::uuid AS product_id,
                   -- Each node's count fits an integer; their sum is capped so it always does too.
                   LEAST(sum((click->>'totalClicks')::bigint), 2147483647)::int AS total_clicks,
                   max((click->>'uniqueClicks')::int)::int AS node_unique_clicks
            FROM session_node_totals node
            CROSS JOIN LATERAL jsonb_array_elements(node.product_clicks) AS click
            WHERE node.session_id = ANY(${sessionIds}::uuid[])
            GROUP BY 1, 2
          )
          SELECT per_node.session_id AS "sessionId", per_node.product_id AS "productId",
                 GREATEST(per_node.node_unique_clicks,
                   (SELECT count(*) FROM product_clickers clicker
                    WHERE clicker.session_id = per_node.session_id AND clicker.product_id = per_node.product_id)
                 )::int AS "uniqueClicks",
                 per_node.total_clicks AS "totalClicks",
                 COALESCE(sessions.total_viewers, 0) AS "totalViewers"
          FROM per_node
          JOIN sessions ON sessions.id = per_node.session_id
          JOIN products ON products.id = per_node.product_id
          ORDER BY per_node.session_id, per_node.product_id
          FOR KEY SHARE OF products`;
        const [clickOutcome] = await tx.$queryRaw<{ pairs: number; saved: number }[]>`
          WITH saved AS (
            INSERT INTO product_click_stats
              (id, session_id, product_id, unique_clicks, total_clicks, click_through_rate, updated_at)
            SELECT gen_random_uuid(), counts.session_id, counts.product_id, counts.unique_clicks,
                   counts.total_clicks, counts.click_through_rate, now()
            FROM unnest(
              ${clickCounts.map((row) => row.sessionId)}::uuid[],
              ${clickCounts.map((row) => row.productId)}::uuid[],
              ${clickCounts.map((row) => row.uniqueClicks)}::int[],
              ${clickCounts.map((row) => row.totalClicks)}::int[],
              ${clickCounts.map((row) => clickThroughRate(row.uniqueClicks, row.totalViewers))}::float8[]
            ) AS counts(session_id, product_id, unique_clicks, total_clicks, click_through_rate)
            ON CONFLICT (session_id, product_id) DO UPDATE
              SET unique_clicks = EXCLUDED.unique_clicks,
                  total_clicks = EXCLUDED.total_clicks,
                  click_through_rate = EXCLUDED.click_through_rate,
                  updated_at = EXCLUDED.updated_at
            RETURNING 1
          )
          SELECT (
            SELECT count(DISTINCT (node.session_id, click->>'productId'))
            FROM session_node_totals node
            CROSS JOIN LATERAL jsonb_array_elements(node.product_clicks) AS click
            WHERE node.session_id = ANY(${sessionIds}::uuid[])
          )::int AS pairs, (SELECT count(*) FROM saved)::int AS saved`;
        const { pairs = 0, saved = 0 } = clickOutcome ?? {};
        return { storedSessionIds, clickStatsSaved: saved, clickStatsSkipped: pairs - saved };
      });
    },
  };
}

export type SessionTotalsRepository = ReturnType<typeof createSessionTotalsRepository>;
