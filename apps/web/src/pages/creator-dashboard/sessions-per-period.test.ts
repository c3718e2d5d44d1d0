import { describe, expect, it } from 'vitest';
import { maxDailyBars, sessionsPerPeriod } from './sessions-per-period.ts';

describe('sessionsPerPeriod', () => {
  it('has nothing to draw without sessions', () => {
    expect(sessionsPerPeriod([])).toEqual({ unit: 'day', periods: [] });
  });

  it('fills the days between two days with sessions with zeros, across a month end', () => {
    const { unit, periods } = sessionsPerPeriod([
      { date: '2026-02-27', count: 2 },
      { date: '2026-03-02', count: 1 },
    ]);
    expect(unit).toBe('day');
    expect(periods).toEqual([
      { period: '2026-02-27', count: 2 },
      { period: '2026-02-28', count: 0 },
      { period: '2026-03-01', count: 0 },
      { period: '2026-03-02', count: 1 },
    ]);
  });

  it('sums per month, empty months included, once the days span more than the daily limit', () => {
    const { unit, periods } = sessionsPerPeriod([
      { date: '2026-01-05', count: 1 },
      { date: '2026-01-20', count: 2 },
      { date: '2026-04-30', count: 4 },
    ]);
    expect(unit).toBe('month');
    expect(periods).toEqual([
      { period: '2026-01', count: 3 },
      { period: '2026-02', count: 0 },
      { period: '2026-03', count: 0 },
      { period: '2026-04', count: 4 },
    ]);
  });

  it('keeps days up to the limit', () => {
    const last = new Date(Date.parse('2026-01-01T00:00:00Z') + (maxDailyBars - 1) * 86_400_000);
    const { unit, periods } = sessionsPerPeriod([
      { date: '2026-01-01', count: 1 },
      { date: last.toISOString().slice(0, 10), count: 1 },
    ]);
    expect(unit).toBe('day');
    expect(periods).toHaveLength(maxDailyBars);
  });
});
