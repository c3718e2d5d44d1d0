import type { SessionTotals } from '@showfloor/contracts';
import type { LiveSession } from '../state/live-session.ts';

/** This node's cumulative counts for a session, as the API stores them (replacing its earlier ones). */
export function totalsOf(session: LiveSession, nodeId: string, final: boolean): SessionTotals {
  return { sessionId: session.sessionId, nodeId, final, ...session.reportedCounts() };
}
