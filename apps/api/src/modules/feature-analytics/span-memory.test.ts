import { describe, expect, it } from 'vitest';
import { type SpanEvent, SpanMemory } from './span-memory.ts';

const event = (at: string, userOrdinal = 1, featureName = 'search'): SpanEvent => ({
  occurredAt: new Date(at),
  featureName,
  ageBand: 2,
  gender: 1,
  userOrdinal,
});

describe('SpanMemory', () => {
  it('asks for a span write until one is committed, then only for quarters outside it', () => {
    const memory = new SpanMemory();
    const first = memory.plan([event('2026-12-01T10:05:00Z'), event('2026-12-01T10:40:00Z')]);
    expect(first.changes).toEqual([true, true]);
    // Not committed yet: still to be written.
    expect(memory.plan([event('2026-12-01T10:05:00Z')]).changes).toEqual([true]);
    first.committed();
    expect(
      memory.plan([
        event('2026-12-01T10:14:59Z'),
        event('2026-12-01T10:30:00Z'),
        event('2026-12-01T09:59:00Z'),
        event('2026-12-01T10:45:00Z'),
        event('2026-12-02T10:20:00Z'),
        event('2026-12-01T10:20:00Z', 2),
        event('2026-12-01T10:20:00Z', 1, 'export'),
      ]).changes,
    ).toEqual([false, false, true, true, true, true, true]);
  });

  it('forgets the least recently used spans beyond its bound, which only costs a redundant write', () => {
    const memory = new SpanMemory(1);
    for (const user of [1, 2, 3]) memory.plan([event('2026-12-01T10:00:00Z', user)]).committed();
    expect(memory.plan([event('2026-12-01T10:00:00Z', 1)]).changes).toEqual([true]);
  });
});
