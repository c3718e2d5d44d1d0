-- CreateTable
CREATE TABLE "session_node_totals" (
    "session_id" UUID NOT NULL,
    "node_id" VARCHAR(128) NOT NULL,
    "reaction_counts" JSONB NOT NULL DEFAULT '{}',
    "product_clicks" JSONB NOT NULL DEFAULT '[]',
    "peak_viewers" INTEGER NOT NULL,
    "total_viewers" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "session_node_totals_pkey" PRIMARY KEY ("session_id","node_id")
);

-- Counts stored before totals were kept per node become one node's row, so the sums stay the same.
INSERT INTO "session_node_totals"
  ("session_id", "node_id", "reaction_counts", "product_clicks", "peak_viewers", "total_viewers", "updated_at")
SELECT s."id", 'before-node-totals', s."reaction_counts",
       COALESCE((SELECT jsonb_agg(jsonb_build_object(
                   'productId', c."product_id", 'uniqueClicks', c."unique_clicks", 'totalClicks', c."total_clicks"))
                 FROM "product_click_stats" c WHERE c."session_id" = s."id"), '[]'::jsonb),
       COALESCE(s."peak_viewers", 0), COALESCE(s."total_viewers", 0), now()
FROM "sessions" s
WHERE s."reaction_counts" <> '{}'::jsonb
   OR s."peak_viewers" IS NOT NULL
   OR EXISTS (SELECT 1 FROM "product_click_stats" c WHERE c."session_id" = s."id");

-- AddForeignKey
ALTER TABLE "session_node_totals" ADD CONSTRAINT "session_node_totals_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
