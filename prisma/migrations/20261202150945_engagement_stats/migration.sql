-- AlterTable
ALTER TABLE "users" ADD COLUMN     "time_zone" VARCHAR(64);

-- CreateIndex
CREATE INDEX "chat_messages_user_id_idx" ON "chat_messages"("user_id");

-- CreateIndex
CREATE INDEX "product_clickers_viewer_key_idx" ON "product_clickers"("viewer_key");

-- CreateIndex
CREATE INDEX "session_views_leaderboard_idx" ON "session_views"("role", "joined_at", "user_id", "session_id", "watch_duration");
