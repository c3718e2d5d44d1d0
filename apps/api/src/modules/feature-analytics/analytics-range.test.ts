import { ValidationError } from '@showfloor/contracts';
import { describe, expect, it } from 'vitest';
import { intervalsOf, previousRange, resolveRange } from './analytics-range.ts';

const now = new Date('2026-12-01T23:30:00Z');

describe('resolveRange', () => {
  it('defaults to the 30 days before today, today being a date in the asked zone', () => {
    expect(resolveRange({ tz: 'UTC' }, now)).toEqual({
      start: '2026-11-01',
      end: '2026-12-01',
      timeZone: 'UTC',
      days: 31,
    });
    // 23:30 UTC is already 08:30 the next morning in Tokyo.
    expect(resolveRange({ tz: 'Asia/Tokyo' }, now)).toMatchObject({ start: '2026-11-02', end: '2026-12-02' });
  });

  it('takes the date of an ISO instant in the zone', () => {
    expect(
      resolveRange({ start_date: '2026-11-30T20:00:00Z', end_date: '2026-12-01', tz: 'Asia/Tokyo' }, now),
    ).toMatchObject({ start: '2026-12-01', end: '2026-12-01', days: 1 });
  });

  it('refuses a start after the end and a range over 366 days, naming start_date', () => {
    for (const query of [
      { start_date: '2026-12-02', end_date: '2026-12-01', tz: 'UTC' },
      { start_date: '2025-11-30', end_date: '2026-12-01', tz: 'UTC' },
    ]) {
      const error = (() => {
        try {
          resolveRange(query, now);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details?.[0]?.field).toBe('start_date');
    }
    expect(resolveRange({ start_date: '2025-12-01', end_date: '2026-12-01', tz: 'UTC' }, now).days).toBe(366);
  });
});

describe('previousRange and intervalsOf', () => {
  it('gives the period of equal length just before', () => {
    const range = resolveRange({ start_date: '2026-11-24', end_date: '2026-11-30', tz: 'UTC' }, now);
    expect(previousRange(range)).toMatchObject({ start: '2026-11-17', end: '2026-11-23', days: 7 });
  });

  it('labels weeks by their Monday and months by their first day', () => {
    const range = resolveRange({ start_date: '2026-11-28', end_date: '2026-12-08', tz: 'UTC' }, now);
    expect(intervalsOf(range, 'week')).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
    expect(intervalsOf(range, 'month')).toEqual(['2026-11-01', '2026-12-01']);
    expect(intervalsOf(range, 'day')).toHaveLength(11);
  });
});
