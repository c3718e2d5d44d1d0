import { ConflictError, type SessionStatus, sessionStatusSchema } from '@showfloor/contracts';
import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition, transitionConflict, transitionTimestamps } from './status-machine.ts';

const statuses = sessionStatusSchema.options;
const allowed = new Set(['scheduled→live', 'live→paused', 'live→ended', 'paused→live', 'paused→ended']);

describe('session status machine', () => {
  const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to] as [SessionStatus, SessionStatus]));

  it.each(pairs)('%s → %s is allowed only where the lifecycle says so', (from, to) => {
    const expected = allowed.has(`${from}→${to}`);
    expect(canTransition(from, to)).toBe(expected);
    if (expected) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(ConflictError);
  });

  it('names the allowed transitions in the conflict, and says when a status is final', () => {
    const fromLive = transitionConflict('live', 'scheduled');
    expect(fromLive.code).toBe('conflict');
    expect(fromLive.message).toContain('allowed from live: paused, ended');
    expect(fromLive.details).toEqual([{ field: 'status', message: 'allowed from live: paused, ended' }]);
    expect(transitionConflict('ended', 'live').message).toContain('none (ended is final)');
  });

  it('sets startedAt only on the first start and endedAt on the end', () => {
    const now = new Date('2025-01-01T12:00:00Z');
    const earlier = new Date('2025-01-01T11:00:00Z');
    expect(transitionTimestamps({ startedAt: null }, 'live', now)).toEqual({ startedAt: now });
    expect(transitionTimestamps({ startedAt: earlier }, 'live', now)).toEqual({});
    expect(transitionTimestamps({ startedAt: earlier }, 'paused', now)).toEqual({});
    expect(transitionTimestamps({ startedAt: earlier }, 'ended', now)).toEqual({ endedAt: now });
  });
});
