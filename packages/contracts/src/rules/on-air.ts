import type { SessionStatus } from '../rest/sessions.ts';

/** Statuses in which a stream exists and viewers can be watching: live, or paused by its creator. */
export const onAirStatuses: readonly SessionStatus[] = ['live', 'paused'];

export function isOnAir(status: SessionStatus): boolean {
  return onAirStatuses.includes(status);
}
