// The commands `pnpm bench:visitors:live` sends its dashboard process (visitors-dashboard.ts) over
// Node's IPC channel, with the CommandChannel / serveCommands pair of bench-protocol.ts. The HTTP
// load goes through bench/api/ingest-load-generator.ts (autocannon), whose commands it reuses.

/** What one dashboard socket received over a span. */
export interface DashboardReceipt {
  /** Socket.IO messages by event name (`visitor_update`, `session_activity`, `alert`). */
  messages: Record<string, number>;
  /** Visitor events the `visitor_update` batches carried (`events`) and said they left out (`omitted`). */
  feedEvents: number;
  feedOmitted: number;
  /** Epoch ms of the first and last message of the span (null when none came). */
  firstAt: number | null;
  lastAt: number | null;
  /** The newest `visitor_update` stats: what the dashboard shows at the end of the span. */
  lastStats: { total_active: number; total_today: number; visitors_last_minute: number } | null;
}

export type VisitorsDashboardCommands = {
  /** Connects to `/visitors` with an admin token; resolves on `user_connected`. */
  connect: { params: { url: string; token: string }; result: { totalDashboards: number; elapsedMs: number } };
  /** What arrived since the last call with `reset` (the counting starts again when `reset`). */
  receipt: { params: { reset: boolean }; result: DashboardReceipt };
  close: { params: Record<string, never>; result: { closed: boolean } };
};
