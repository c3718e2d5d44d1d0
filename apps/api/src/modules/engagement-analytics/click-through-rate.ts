/**
 * Seed 003's click-through rate: uniqueClicks / totalViewers × 100, to one decimal, halves
 * rounded up; 0 when nobody watched. One division of integers, so a rate that is exactly a half
 * (1/16 → 6.25) is a half in floating point too and rounds the way PostgreSQL's numeric does.
 */
export function clickThroughRate(uniqueClicks: number, totalViewers: number): number {
  if (totalViewers <= 0) return 0;
  return Math.round((uniqueClicks * 1000) / totalViewers) / 10;
}
