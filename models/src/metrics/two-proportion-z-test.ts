/**
 * Pooled two-proportion z-test: is the success rate of group 1 different from group 2?
 * Equivalent to Pearson's chi-square test on the 2×2 table without continuity correction (z² = χ²).
 */
import { twoSidedPValue } from './normal-distribution.ts';

export interface TwoProportionTest {
  /** Positive when group 1's rate is higher. 0 when the pooled rate is 0 or 1 (no variance to test). */
  z: number;
  /** Two-sided p-value; 1 when the test is undefined (a group is empty or the pooled rate is 0 or 1). */
  pValue: number;
}

export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): TwoProportionTest {
  for (const [x, n] of [
    [x1, n1],
    [x2, n2],
  ] as const) {
    if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) {
      throw new RangeError(`twoProportionZTest needs integers 0 <= x <= n, got ${x}/${n}`);
    }
  }
  if (n1 === 0 || n2 === 0) return { z: 0, pValue: 1 };
  const pooled = (x1 + x2) / (n1 + n2);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (standardError === 0) return { z: 0, pValue: 1 };
  const z = (x1 / n1 - x2 / n2) / standardError;
  return { z, pValue: twoSidedPValue(z) };
}
