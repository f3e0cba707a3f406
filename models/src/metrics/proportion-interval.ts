/**
 * Confidence intervals for a proportion. Wilson's score interval is used rather than the textbook
 * normal ("Wald") interval because offer cells are often small or near 0%/100%, where Wald collapses to
 * a zero-width interval or leaves [0, 1].
 */

export interface ProportionInterval {
  /** successes / n, or null when n is 0. */
  rate: number | null;
  low: number | null;
  high: number | null;
}

/** Wilson score interval for `successes` out of `n` trials; all null for n = 0 (no evidence either way). */
export function wilsonInterval(successes: number, n: number, z = 1.96): ProportionInterval {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || n < 0 || successes > n) {
    throw new RangeError(`wilsonInterval needs integers 0 <= successes <= n, got ${successes}/${n}`);
  }
  if (n === 0) return { rate: null, low: null, high: null };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // 0/n and n/n have exact bounds of 0 and 1 mathematically; computed, they leave dust on either side
  // (2.8e-17 for 0 of 11), which a report shows as "<0.1%".
  return {
    rate: p,
    low: successes === 0 ? 0 : Math.max(0, centre - halfWidth),
    high: successes === n ? 1 : Math.min(1, centre + halfWidth),
  };
}
