-- AlterTable
ALTER TABLE "session_node_totals" ADD COLUMN     "final" BOOLEAN NOT NULL DEFAULT false;

-- Streams that ended before this migration: what their nodes reported is final.
UPDATE "session_node_totals" AS node
SET "final" = true
FROM "sessions"
WHERE "sessions"."id" = node."session_id" AND "sessions"."status" = 'ended';

-- CreateTable
CREATE TABLE "product_clickers" (
    "session_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "viewer_key" VARCHAR(80) NOT NULL,
    "first_clicked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "product_clickers_pkey" PRIMARY KEY ("session_id","product_id","viewer_key")
);

-- CreateIndex
CREATE INDEX "product_clickers_product_id_idx" ON "product_clickers"("product_id");

-- CreateIndex
CREATE INDEX "session_views_viewer_key_idx" ON "session_views"("session_id", "role", "viewer_key");

-- AddForeignKey
ALTER TABLE "product_clickers" ADD CONSTRAINT "product_clickers_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_clickers" ADD CONSTRAINT "product_clickers_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;
