import { allowedStatusTransitions, ConflictError, type SessionStatus } from '@showfloor/contracts';

// Which statuses are on air (tokens issued, deletion refused) is `isOnAir` in the contracts.

export function canTransition(from: SessionStatus, to: SessionStatus): boolean {
  return allowedStatusTransitions[from].includes(to);
}

/** The 409 for a refused change; it lists where the session can go from here, so a client can correct itself. */
export function transitionConflict(from: SessionStatus, to: SessionStatus): ConflictError {
  const allowed = allowedStatusTransitions[from];
  const allowedText = allowed.length > 0 ? allowed.join(', ') : `none (${from} is final)`;
  return new ConflictError(`Cannot change a session from ${from} to ${to}; allowed from ${from}: ${allowedText}`, [
    { field: 'status', message: `allowed from ${from}: ${allowedText}` },
  ]);
}

export function assertTransition(from: SessionStatus, to: SessionStatus): void {
  if (!canTransition(from, to)) throw transitionConflict(from, to);
}

export interface TransitionTimestamps {
  startedAt?: Date;
  endedAt?: Date;
}

/**
 * What a transition writes besides the status: `startedAt` the first time the session goes live
 * (resuming from a pause keeps the original start), `endedAt` when it ends.
 */
export function transitionTimestamps(
  session: { startedAt: Date | null },
  to: SessionStatus,
  now: Date,
): TransitionTimestamps {
  if (to === 'live' && session.startedAt === null) return { startedAt: now };
  if (to === 'ended') return { endedAt: now };
  return {};
}
