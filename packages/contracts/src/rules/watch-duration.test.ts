import { describe, expect, it } from 'vitest';
import { formatDuration } from './watch-duration.ts';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [59, '59s'],
    [60, '1m 0s'],
    [420, '7m 0s'],
    [3599, '59m 59s'],
    [3600, '1h 0m 0s'],
    [3723, '1h 2m 3s'],
    [90_061, '25h 1m 1s'],
  ])('%d s reads as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('rounds to whole seconds and never shows a negative time', () => {
    expect(formatDuration(59.5)).toBe('1m 0s');
    expect(formatDuration(29.4)).toBe('29s');
    expect(formatDuration(-3)).toBe('0s');
  });
});
