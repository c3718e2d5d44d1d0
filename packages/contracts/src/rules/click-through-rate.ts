/**
 * Seed 003's click-through rate: uniqueClicks / totalViewers × 100, to one decimal, halves rounded
 * up; 0 when nobody watched. The one definition every surface uses (socket stats, REST reads,
 * stored click stats), so a figure never differs between them. Integer arithmetic, so a rate that
 * is exactly a half (1/16 → 6.25 → 6.3) rounds the same way whatever the magnitudes.
 */
export function clickThroughRate(uniqueClicks: number, totalViewers: number): number {
  if (totalViewers <= 0) return 0;
  // round(unique × 1000 / viewers), halves up, without a floating-point division in the way.
  const tenthsOfAPercent = Math.floor((uniqueClicks * 2_000 + totalViewers) / (totalViewers * 2));
  return tenthsOfAPercent / 10;
}
