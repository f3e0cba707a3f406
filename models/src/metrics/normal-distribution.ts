/**
 * The standard normal distribution, implemented here so p-values need no statistics dependency.
 * erfc uses the Chebyshev-fitted form from Numerical Recipes (fractional error below 1.2e-7 for all x),
 * which keeps tiny tail probabilities accurate in relative terms instead of rounding them to zero.
 */

/** Complementary error function, erfc(x) = 1 - erf(x). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const polynomial =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const tail = t * Math.exp(-z * z + polynomial);
  return x >= 0 ? tail : 2 - tail;
}

/** Two-sided tail probability P(|Z| >= |z|). */
export function twoSidedPValue(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}
