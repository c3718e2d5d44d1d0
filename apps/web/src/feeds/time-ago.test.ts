import { describe, expect, it } from 'vitest';
import { timeAgo } from './time-ago.ts';

describe('how long ago a notification came', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  const before = (ms: number) => new Date(now.getTime() - ms);

  it('reads in minutes, hours and days for the last week', () => {
    expect(timeAgo(before(20_000), now)).toBe('just now');
    expect(timeAgo(before(5 * 60_000), now)).toBe('5 min. ago');
    expect(timeAgo(before(3 * 3_600_000 + 59 * 60_000), now)).toBe('3 hr. ago');
    expect(timeAgo(before(86_400_000), now)).toBe('yesterday');
    expect(timeAgo(before(3 * 86_400_000), now)).toBe('3 days ago');
  });

  it('gives an older one its date, and a clock slightly ahead "just now"', () => {
    expect(timeAgo(new Date('2026-11-02T12:00:00Z'), now)).toBe('Nov 2, 2026');
    expect(timeAgo(new Date(now.getTime() + 5_000), now)).toBe('just now');
  });
});
