-- CreateIndex
CREATE INDEX "product_clickers_session_product_idx" ON "product_clickers"("session_id", "product_id");
