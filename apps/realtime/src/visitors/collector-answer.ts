import type { SuccessEnvelope, VisitorEventsResponse } from '@showfloor/contracts';
import type { Clock } from '@showfloor/server-kit';

/** How old the answer's `pages_visited` may be: rebuilt at most this often, however many events arrive. */
export const pagesVisitedRefreshMs = 250;

/**
 * Writes `POST /api/events`'s answer (the seed's response in the envelope) as JSON, the bytes
 * `JSON.stringify` gives with `pages_visited` first in `current_stats`. Every answer carries today's
 * pages (up to 1,000 of them): writing that map per event was a seventh of the route's CPU in
 * bench:visitors:live, so it is written once per `pagesVisitedRefreshMs` and spliced in; everything
 * else is always current. The rest is written field by field, strings through `JSON.stringify`:
 * stringifying the envelope and splicing the map into it cost copies of the whole answer per event.
 */
export function createCollectorAnswerWriter(clock: Clock): (answer: SuccessEnvelope<VisitorEventsResponse>) => string {
  let pagesJson = '{}';
  let pagesBuiltAt = Number.NEGATIVE_INFINITY;
  return (answer) => {
    const { session_id, current_stats, accepted, dropped } = answer.data;
    const now = clock.now();
    if (now - pagesBuiltAt >= pagesVisitedRefreshMs || now < pagesBuiltAt) {
      pagesJson = JSON.stringify(current_stats.pages_visited);
      pagesBuiltAt = now;
    }
    const message = answer.message === undefined ? '' : `"message":${JSON.stringify(answer.message)},`;
    const session = session_id === null ? 'null' : JSON.stringify(session_id);
    return (
      `{"success":true,${message}"data":{"session_id":${session},` +
      `"current_stats":{"pages_visited":${pagesJson},"total_active":${current_stats.total_active},` +
      `"total_today":${current_stats.total_today}},"accepted":${accepted},"dropped":${dropped}}}`
    );
  };
}
