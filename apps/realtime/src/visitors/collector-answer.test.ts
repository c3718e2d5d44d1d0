import { successEnvelope, visitorEventsResponseSchema } from '@showfloor/contracts';
import { describe, expect, it } from 'vitest';
import { createCollectorAnswerWriter, pagesVisitedRefreshMs } from './collector-answer.ts';

const answer = (sessionId: string | null, pages: Record<string, number>, totalToday: number) => ({
  success: true as const,
  message: sessionId === null ? 'Event ignored (bot)' : 'Event processed successfully',
  data: {
    session_id: sessionId,
    current_stats: { total_active: 3, total_today: totalToday, pages_visited: pages },
    accepted: sessionId === null ? 0 : 1,
    dropped: sessionId === null ? 1 : 0,
  },
});

describe('createCollectorAnswerWriter', () => {
  it('writes the envelope JSON.stringify writes (pages_visited first in current_stats), valid against the schema', () => {
    let now = 0;
    const write = createCollectorAnswerWriter({ now: () => now } as never);
    const schema = successEnvelope(visitorEventsResponseSchema);
    for (const sessionId of ['user-123', 'quote " backslash \\ nl \n é', null]) {
      const written = write(answer(sessionId, { '/a"b': 2, '/': 1 }, 7));
      const { pages_visited, ...totals } = answer(sessionId, { '/a"b': 2, '/': 1 }, 7).data.current_stats;
      const expected = answer(sessionId, {}, 7);
      expect(written).toBe(
        JSON.stringify({ ...expected, data: { ...expected.data, current_stats: { pages_visited, ...totals } } }),
      );
      expect(schema.parse(JSON.parse(written))).toEqual(answer(sessionId, { '/a"b': 2, '/': 1 }, 7));
      now += pagesVisitedRefreshMs;
    }
  });

  it('rewrites the pages map at most once per refresh; the totals are always current', () => {
    let now = 1_000;
    const write = createCollectorAnswerWriter({ now: () => now } as never);
    const read = (json: string) => JSON.parse(json).data.current_stats;
    expect(read(write(answer('s', { '/': 1 }, 1)))).toEqual({
      total_active: 3,
      total_today: 1,
      pages_visited: { '/': 1 },
    });
    now += pagesVisitedRefreshMs - 1;
    expect(read(write(answer('s', { '/': 2 }, 2)))).toEqual({
      total_active: 3,
      total_today: 2,
      pages_visited: { '/': 1 },
    });
    now += 1;
    expect(read(write(answer('s', { '/': 3 }, 3)))).toEqual({
      total_active: 3,
      total_today: 3,
      pages_visited: { '/': 3 },
    });
    // A clock set back is not trusted to mean "fresh".
    now -= 10_000;
    expect(read(write(answer('s', { '/': 4 }, 4))).pages_visited).toEqual({ '/': 4 });
  });
});
