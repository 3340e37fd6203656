/** The arithmetic of the benchmark reports: pure, so a unit test pins it down. */

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

/**
 * The `p`th percentile (0..100) by linear interpolation between the closest ranks, the method of
 * most spreadsheet and numpy defaults; NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p} is outside 0..100`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const lower = sorted[below] ?? Number.NaN;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] ?? Number.NaN;
  return lower + (upper - lower) * (rank - below);
}

/**
 * The geometric mean, the right average for ratios (a 2x and a 0.5x average to 1x). Values that
 * are not positive finite numbers are skipped, since a ratio with a missing side means nothing;
 * NaN when none is left.
 */
export function geometricMean(values: readonly number[]): number {
  const usable = values.filter((value) => Number.isFinite(value) && value > 0);
  if (usable.length === 0) return Number.NaN;
  return Math.exp(usable.reduce((sum, value) => sum + Math.log(value), 0) / usable.length);
}

/** `a / b`, NaN when either side is missing or `b` is zero. */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : Number.NaN;
}

/**
 * How many times `numerators` is `denominators`, measured in pairs: the median of
 * `numerators[i] / denominators[i]`, pairs with a side missing skipped; NaN when none is left.
 * Pairs taken at the same time share the machine's slow stretches, which then cancel out.
 */
export function pairedRatio(
  numerators: readonly number[],
  denominators: readonly number[],
): number {
  return median(
    numerators
      .map((value, index) => ratio(value, denominators[index] ?? Number.NaN))
      .filter(Number.isFinite),
  );
}
