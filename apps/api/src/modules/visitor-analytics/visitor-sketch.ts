/*
 * The HyperLogLog estimate of distinct visitors from a merged sketch of visitor_breakdowns
 * (migration 20261202174541_visitor_breakdowns). The database merges sketches (bit_or of the
 * "thermometer" slices) and sends, per merged sketch, how many of its 2,048 registers have a rank
 * of at least 1, 2, … 20 (visitor_sketch_slices); the estimator needs nothing else. Flajolet et
 * al.'s estimator with linear counting below 2.5 m (where it is more accurate); the hash is 64 bits,
 * so no large-range correction.
 */

export const sketchRegisters = 2_048;
/** Standard error of an estimate: 1.04 / sqrt(2,048). */
export const sketchStandardError = 1.04 / Math.sqrt(sketchRegisters);

const alpha = 0.7213 / (1 + 1.079 / sketchRegisters);

/** Distinct visitors estimated from `atLeast[j - 1]`, the registers with rank >= j (j = 1…20). */
export function estimateVisitors(atLeast: readonly number[] | null): number {
  if (atLeast === null || atLeast.length === 0) return 0;
  const m = sketchRegisters;
  let sum = m - (atLeast[0] ?? 0); // rank 0: 2^0 each
  for (let rank = 1; rank <= atLeast.length; rank++) {
    const exactly = (atLeast[rank - 1] ?? 0) - (atLeast[rank] ?? 0);
    sum += exactly * 2 ** -rank;
  }
  const empty = m - (atLeast[0] ?? 0);
  const raw = (alpha * m * m) / sum;
  if (raw <= 2.5 * m && empty > 0) return Math.round(m * Math.log(m / empty));
  return Math.round(raw);
}
