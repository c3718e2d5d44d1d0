-- CreateIndex
CREATE INDEX "notifications_once_key_idx" ON "notifications"("once_key");
