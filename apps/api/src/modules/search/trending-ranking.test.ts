import { describe, expect, it } from 'vitest';
import { rankTrending, type TrendingSignals } from './trending-ranking.ts';

const at = (minutesAgo: number) => new Date(Date.UTC(2026, 10, 23, 12, 0) - minutesAgo * 60_000);

const signal = (sessionId: string, overrides: Partial<TrendingSignals> = {}): TrendingSignals => ({
  sessionId,
  startedAt: at(30),
  recentChatMessages: 0,
  recentViews: 0,
  ...overrides,
});

const order = (signals: TrendingSignals[]) => rankTrending(signals).map((ranked) => ranked.sessionId);

describe('rankTrending', () => {
  it('ranks by messages plus views in the window, and reports that sum as the score', () => {
    const ranked = rankTrending([
      signal('a', { recentChatMessages: 1, recentViews: 1 }),
      signal('b', { recentChatMessages: 5 }),
      signal('c', { recentViews: 3 }),
    ]);
    expect(ranked.map((entry) => [entry.sessionId, entry.score])).toEqual([
      ['b', 5],
      ['c', 3],
      ['a', 2],
    ]);
  });

  it('breaks a tie with the most recent start, then the id', () => {
    expect(
      order([
        signal('z', { startedAt: at(50) }),
        signal('y', { startedAt: at(5) }),
        signal('b', { startedAt: at(20) }),
        signal('a', { startedAt: at(20) }),
        signal('never', { startedAt: null }),
      ]),
    ).toEqual(['y', 'a', 'b', 'z', 'never']);
  });

  it('puts current viewers first once they are known, engagement second', () => {
    expect(
      order([
        signal('busy-chat', { recentChatMessages: 100 }),
        signal('watched', { currentViewers: 40, recentChatMessages: 1 }),
        signal('most-watched', { currentViewers: 90 }),
      ]),
    ).toEqual(['most-watched', 'watched', 'busy-chat']);
  });

  it('does not reorder its input', () => {
    const input = [signal('a'), signal('b', { recentViews: 2 })];
    rankTrending(input);
    expect(input.map((entry) => entry.sessionId)).toEqual(['a', 'b']);
  });
});
