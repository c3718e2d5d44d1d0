/** How far back engagement counts towards "trending". */
export const trendingWindowMs = 60 * 60 * 1000;

/** What is known about one live session when ranking. */
export interface TrendingSignals {
  sessionId: string;
  startedAt: Date | null;
  /** Chat messages in the window, not counting those moderation deleted. */
  recentChatMessages: number;
  /** Viewers who joined in the window (SessionView rows), guests included. */
  recentViews: number;
  /**
   * Viewers watching right now. The realtime service holds this count (`LiveStatsReader.watchingNow`
   * reads it for a page); ranking by it needs every live session's count, not one page's, so it is
   * not passed yet. When it is, it outranks everything else. Undefined means unknown.
   */
  currentViewers?: number | undefined;
}

export interface RankedSession extends TrendingSignals {
  /** Recent engagement: messages plus views in the window. */
  score: number;
}

/**
 * Trending = live sessions, ordered by current viewers (when known), then by recent engagement
 * (`score`), then most recently started, then id so the order is total and pages are stable.
 */
export function rankTrending(signals: readonly TrendingSignals[]): RankedSession[] {
  return signals
    .map((signal) => ({ ...signal, score: signal.recentChatMessages + signal.recentViews }))
    .sort(
      (a, b) =>
        (b.currentViewers ?? 0) - (a.currentViewers ?? 0) ||
        b.score - a.score ||
        startedMs(b) - startedMs(a) ||
        compareIds(a.sessionId, b.sessionId),
    );
}

// A live session always has a start; were one missing, it would rank as the oldest.
const startedMs = (signal: TrendingSignals) => signal.startedAt?.getTime() ?? 0;

function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
