import { describe, expect, it } from 'vitest';
import { addDays, localDate, mondayOf, utcPeriodStart } from './zoned-calendar.ts';

describe('zoned calendar', () => {
  it("gives the date it is in the user's zone", () => {
    const instant = Date.parse('2026-03-31T11:30:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-03-31');
    // Auckland is UTC+13 until 5 April 2026: already 1 April there.
    expect(localDate(instant, 'Pacific/Auckland')).toBe('2026-04-01');
    expect(localDate(Date.parse('2026-03-01T05:00:00Z'), 'America/Los_Angeles')).toBe('2026-02-28');
  });

  it('moves across month ends and finds the Monday of a week', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -77)).toBe('2025-12-14');
    expect(mondayOf('2026-12-02')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
  });

  it('starts the leaderboard periods on Monday and the 1st, UTC', () => {
    const instant = Date.parse('2026-12-02T14:00:00Z');
    expect(utcPeriodStart(instant, 'week').toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(utcPeriodStart(instant, 'month').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });
});
