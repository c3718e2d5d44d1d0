import { describe, expect, it } from 'vitest';
import { labelRetentionCounts, retentionRanges } from './retention-ranges.ts';

describe('retentionRanges', () => {
  it('are the seed labels in order, covering [0, ∞) without gaps or overlaps', () => {
    expect(retentionRanges.map((range) => range.label)).toEqual([
      '0-30s',
      '30s-1m',
      '1m-5m',
      '5m-15m',
      '15m-30m',
      '30m+',
    ]);
    expect(retentionRanges[0]?.fromSeconds).toBe(0);
    for (let index = 1; index < retentionRanges.length; index += 1) {
      expect(retentionRanges[index]?.fromSeconds).toBe(retentionRanges[index - 1]?.toSeconds);
    }
    expect(retentionRanges.at(-1)?.toSeconds).toBeNull();
  });

  it('labels counts in range order and fills missing ones with 0', () => {
    expect(labelRetentionCounts([1, 2, 3])).toEqual([
      { label: '0-30s', count: 1 },
      { label: '30s-1m', count: 2 },
      { label: '1m-5m', count: 3 },
      { label: '5m-15m', count: 0 },
      { label: '15m-30m', count: 0 },
      { label: '30m+', count: 0 },
    ]);
  });
});
