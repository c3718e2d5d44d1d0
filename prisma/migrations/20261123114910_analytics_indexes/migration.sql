-- Analytics (issue 6): a session's subscriber views are read from this index alone (index-only
-- scans), in user order per session. `pnpm bench:analytics` (apps/api/bench) measures the effect;
-- viewer_snapshots needs nothing new: its (session_id, minute, node_id) unique index serves the
-- per-session reads, and viewer_snapshots_minute_idx the retention job.
-- CREATE INDEX blocks writes to session_views while it builds: about 5 s per 2 million rows on the
-- 2-core machine.

-- CreateIndex
CREATE INDEX "session_views_analytics_idx" ON "session_views"("session_id", "role", "user_id", "joined_at", "left_at", "watch_duration");
