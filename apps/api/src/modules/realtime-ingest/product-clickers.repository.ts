import type { ProductClickerRecord } from '@showfloor/contracts';
import type { PrismaClient } from '@showfloor/db';

export interface ClickerInsertOutcome {
  /** Records whose session and product exist. */
  eligible: number;
  /** First clicks not stored before. */
  saved: number;
  /** Signed-in viewers among them: "opened a product". */
  firstClicksByUsers: { userId: string; sessionId: string; productId: string }[];
}

export function createProductClickersRepository(prisma: PrismaClient) {
  return {
    /**
     * Stores first clicks in one statement; a viewer already stored for the product (a redelivery,
     * a click after a node restart, the same viewer on another node) changes nothing. Records of
     * sessions or products deleted meanwhile are left out.
     */
    async insertBatch(clickers: readonly ProductClickerRecord[]): Promise<ClickerInsertOutcome> {
      const [outcome] = await prisma.$queryRaw<
        { eligible: number; saved: number; clicks: ClickerInsertOutcome['firstClicksByUsers'] }[]
      >`
        WITH incoming AS (
          SELECT *
          FROM unnest(
            ${clickers.map((c) => c.sessionId)}::uuid[],
            ${clickers.map((c) => c.productId)}::uuid[],
            ${clickers.map((c) => c.viewerKey)}::text[],
            ${clickers.map((c) => c.clickedAt)}::timestamptz[]
          ) AS t(session_id, product_id, viewer_key, clicked_at)
        ),
        eligible AS (
          SELECT incoming.*
          FROM incoming
          JOIN sessions ON sessions.id = incoming.session_id
          JOIN products ON products.id = incoming.product_id
        ),
        -- A viewer twice in one batch is stored once, with their first click.
        first_clicks AS (
          SELECT DISTINCT ON (session_id, product_id, viewer_key) *
          FROM eligible
          ORDER BY session_id, product_id, viewer_key, clicked_at
        ),
        saved AS (
          INSERT INTO product_clickers (session_id, product_id, viewer_key, first_clicked_at)
          SELECT session_id, product_id, viewer_key, clicked_at FROM first_clicks
          -- One row order for every batch, so concurrent batches lock shared keys in the same order.
          ORDER BY session_id, product_id, viewer_key
          ON CONFLICT DO NOTHING
          RETURNING session_id, product_id, viewer_key
        )
        SELECT (SELECT count(*) FROM eligible)::int AS eligible, (SELECT count(*) FROM saved)::int AS saved,
               (SELECT coalesce(json_agg(json_build_object(
                         'userId', substr(viewer_key, 6), 'sessionId', session_id, 'productId', product_id)), '[]')
                FROM saved WHERE viewer_key LIKE 'user:%') AS clicks`;
      return {
        eligible: outcome?.eligible ?? 0,
        saved: outcome?.saved ?? 0,
        firstClicksByUsers: outcome?.clicks ?? [],
      };
    },
  };
}

export type ProductClickersRepository = ReturnType<typeof createProductClickersRepository>;
