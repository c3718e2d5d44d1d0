import type { RetentionRangeLabel } from '@showfloor/contracts';

export interface RetentionRange {
  label: RetentionRangeLabel;
  /** Inclusive lower bound, seconds. */
  fromSeconds: number;
  /** Exclusive upper bound, seconds; null for the open-ended last range. */
  toSeconds: number | null;
}

/**
 * Seed 003's retention ranges as half-open intervals, so a view of exactly 30 s is in `30s-1m`
 * and one of exactly 5 min in `5m-15m`: [0,30) [30,60) [60,300) [300,900) [900,1800) [1800,∞).
 * The repository counts views per range in SQL from these bounds.
 */
export const retentionRanges: readonly RetentionRange[] = [
  { label: '0-30s', fromSeconds: 0, toSeconds: 30 },
  { label: '30s-1m', fromSeconds: 30, toSeconds: 60 },
  { label: '1m-5m', fromSeconds: 60, toSeconds: 300 },
  { label: '5m-15m', fromSeconds: 300, toSeconds: 900 },
  { label: '15m-30m', fromSeconds: 900, toSeconds: 1800 },
  { label: '30m+', fromSeconds: 1800, toSeconds: null },
];

/** Pairs counts (in the order of `retentionRanges`) with their labels; a missing count is 0. */
export function labelRetentionCounts(counts: readonly number[]): { label: RetentionRangeLabel; count: number }[] {
  return retentionRanges.map((range, index) => ({ label: range.label, count: counts[index] ?? 0 }));
}
