import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, twoSidedPValue } from './normal-distribution.ts';

describe('the standard normal distribution', () => {
  // Reference values from standard tables (Abramowitz & Stegun, Table 7.1 and 26.1).
  it.each([
    [0, 0],
    [0.5, 0.5204998778],
    [1, 0.8427007929],
    [2, 0.995322265],
    [-1, -0.8427007929],
  ])('erf(%d) = %d', (x, expected) => {
    expect(erf(x)).toBeCloseTo(expected, 6);
  });

  it.each([
    [0, 0.5],
    [1, 0.8413447461],
    [1.96, 0.9750021049],
    [-1.5, 0.0668072013],
    [3, 0.998650102],
  ])('Φ(%d) = %d', (z, expected) => {
    expect(normalCdf(z)).toBeCloseTo(expected, 6);
  });

  it('keeps far-tail probabilities accurate relative to their size', () => {
    // erfc(5) = 1.5374597944e-12
    expect(erfc(5) / 1.5374597944e-12).toBeCloseTo(1, 5);
    expect(twoSidedPValue(8)).toBeGreaterThan(0);
  });

  it('gives p = 0.05 at |z| = 1.96, on either side', () => {
    expect(twoSidedPValue(1.959963985)).toBeCloseTo(0.05, 6);
    expect(twoSidedPValue(-1.959963985)).toBeCloseTo(0.05, 6);
  });
});
