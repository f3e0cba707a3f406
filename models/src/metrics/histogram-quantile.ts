/**
 * Quantiles of values kept as a histogram (each distinct value and how many times it occurs), defined as
 * DuckDB's quantile_cont defines them over the values themselves, so a percentile read from counted cells
 * equals the one over every row: the value at position fraction × (n − 1) of the n sorted values,
 * interpolated linearly towards the next one.
 */

export interface Histogram {
  /** Distinct values, ascending. */
  values: readonly number[];
  /** How many times each value occurs; aligned with `values`. */
  counts: readonly number[];
}

/** The value at 0-based position `position` of the sorted values the histogram counts. */
function valueAt(histogram: Histogram, position: number): number {
  let below = 0;
  for (let index = 0; index < histogram.values.length; index++) {
    below += histogram.counts[index] as number;
    if (below > position) return histogram.values[index] as number;
  }
  return histogram.values[histogram.values.length - 1] as number;
}

/** quantile_cont at `fraction` (0–1) of the counted values; null when the histogram counts none. */
export function histogramQuantile(histogram: Histogram, fraction: number): number | null {
  if (fraction < 0 || fraction > 1) throw new RangeError(`a quantile's fraction is 0 to 1, got ${fraction}`);
  const total = histogram.counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const position = fraction * (total - 1);
  const lower = valueAt(histogram, Math.floor(position));
  const upper = valueAt(histogram, Math.floor(position) + 1);
  return lower + (position - Math.floor(position)) * (upper - lower);
}
