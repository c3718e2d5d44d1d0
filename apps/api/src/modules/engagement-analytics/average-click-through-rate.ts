/**
 * The mean of click-through rates that `clickThroughRate` produced (one decimal each), to one
 * decimal with halves rounded up — the same rounding as the rate itself. Summed as whole tenths so
 * no floating-point error can move a mean that is exactly a half (0.1 and 0.2 → 0.15 → 0.2);
 * 0 with no rates.
 */
export function averageClickThroughRate(rates: readonly number[]): number {
  if (rates.length === 0) return 0;
  const tenths = rates.reduce((sum, rate) => sum + Math.round(rate * 10), 0);
  // round(tenths / count), halves up, in integers.
  return Math.floor((tenths * 2 + rates.length) / (rates.length * 2)) / 10;
}
