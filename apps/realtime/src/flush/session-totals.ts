import type { SessionTotals } from '@showfloor/contracts';
import type { LiveSession } from '../state/live-session.ts';

/** A session's cumulative counts as the API stores them (replacing earlier deliveries). */
export function totalsOf(session: LiveSession, nodeId: string, final: boolean): SessionTotals {
  return {
    sessionId: session.sessionId,
    nodeId,
    final,
    reactionCounts: session.reactionStats().counts,
    productClicks: session.clickStats(),
    peakViewers: session.peakViewers,
    totalViewers: session.totalViewers,
  };
}
