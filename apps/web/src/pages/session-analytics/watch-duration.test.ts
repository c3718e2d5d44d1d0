import { describe, expect, it } from 'vitest';
import { formatWatchDuration } from './watch-duration.ts';

describe('formatWatchDuration', () => {
  it('reads like the API’s formatted durations', () => {
    expect(formatWatchDuration(0)).toBe('0s');
    expect(formatWatchDuration(45)).toBe('45s');
    expect(formatWatchDuration(420)).toBe('7m 0s');
    expect(formatWatchDuration(3_723)).toBe('1h 2m 3s');
  });
});
