import { describe, expect, it } from 'vitest';
import { streakRuns } from './streak-runs.ts';

describe('streakRuns', () => {
  it('counts consecutive days across a month end and a year end', () => {
    expect(streakRuns(['2026-01-30', '2026-01-31', '2026-02-01'], '2026-02-01')).toEqual({
      current: 3,
      longest: 3,
      currentStart: '2026-01-30',
      lastActive: '2026-02-01',
    });
    expect(streakRuns(['2025-12-31', '2026-01-01'], '2026-01-01').current).toBe(2);
    // 2028 is a leap year: 28 February, 29 February, 1 March.
    expect(streakRuns(['2028-02-28', '2028-02-29', '2028-03-01'], '2028-03-01').current).toBe(3);
  });

  it('keeps the streak alive through today, and ends it once a whole day passes', () => {
    const days = ['2026-03-01', '2026-03-02'];
    expect(streakRuns(days, '2026-03-03')).toMatchObject({ current: 2, currentStart: '2026-03-01' });
    expect(streakRuns(days, '2026-03-04')).toMatchObject({ current: 0, longest: 2, currentStart: null });
  });

  it('starts again after a missed day, and remembers the longest run', () => {
    const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-05', '2026-03-06'];
    expect(streakRuns(days, '2026-03-06')).toEqual({
      current: 2,
      longest: 3,
      currentStart: '2026-03-05',
      lastActive: '2026-03-06',
    });
  });

  it('is all zero without activity, and ignores days after today', () => {
    expect(streakRuns([], '2026-03-06')).toEqual({ current: 0, longest: 0, currentStart: null, lastActive: null });
    expect(streakRuns(['2026-03-06', '2026-03-07'], '2026-03-06')).toMatchObject({ current: 1, longest: 1 });
  });
});
