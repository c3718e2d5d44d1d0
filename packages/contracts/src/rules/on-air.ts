import type { SessionStatus } from '../rest/sessions.ts';

/**
 * Statuses in which a stream exists and viewers can be watching: live, or paused by its creator.
 * While on air the realtime service holds the session's live counters (reads go to it, checkpoints
 * are where counting continues), stream tokens are issued, a product can be showcased, and the
 * session cannot be deleted. Narrower rules (a reaction counts only while `live`) are their own.
 */
export const onAirStatuses: readonly SessionStatus[] = ['live', 'paused'];

export function isOnAir(status: SessionStatus): boolean {
  return onAirStatuses.includes(status);
}
