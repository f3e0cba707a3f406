import { describe, expect, it } from 'vitest';
import { erfc, twoSidedPValue } from './normal-distribution.ts';

describe('the standard normal distribution', () => {
  // Reference values from standard tables (Abramowitz & Stegun, Table 7.1 and 26.1).
  it.each([
    [0, 0],
    [0.5, 0.5204998778],
    [1, 0.8427007929],
    [2, 0.995322265],
    [-1, -0.8427007929],
  ])('erfc(%d) = 1 - %d', (x, expected) => {
    expect(erfc(x)).toBeCloseTo(1 - expected, 6);
  });

  it.each([
    [1, 0.3173105079],
    [1.5, 0.1336144026],
    [3, 0.0026997961],
  ])('P(|Z| >= %d) = %d', (z, expected) => {
    expect(twoSidedPValue(z)).toBeCloseTo(expected, 6);
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
