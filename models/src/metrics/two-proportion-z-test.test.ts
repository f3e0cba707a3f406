import { describe, expect, it } from 'vitest';
import { twoProportionZTest } from './two-proportion-z-test.ts';

describe('twoProportionZTest', () => {
  it('matches the textbook 45/100 vs 30/100 example (χ² = 4.8 without continuity correction)', () => {
    const test = twoProportionZTest(45, 100, 30, 100);
    expect(test.z ** 2).toBeCloseTo(4.8, 10);
    expect(test.z).toBeCloseTo(2.19089, 5);
    expect(test.pValue).toBeCloseTo(0.02846, 5);
  });

  it('gives a negative z when the first group has the lower rate, with the same p-value', () => {
    const forward = twoProportionZTest(45, 100, 30, 100);
    const backward = twoProportionZTest(30, 100, 45, 100);
    expect(backward.z).toBeCloseTo(-forward.z, 12);
    expect(backward.pValue).toBeCloseTo(forward.pValue, 12);
  });

  it('handles unequal group sizes (120/400 vs 100/400 → p ≈ 0.1133)', () => {
    expect(twoProportionZTest(120, 400, 100, 400).pValue).toBeCloseTo(0.11328, 4);
  });

  it('returns p = 1 when there is nothing to test', () => {
    expect(twoProportionZTest(0, 50, 0, 40)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(50, 50, 40, 40)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(3, 10, 0, 0)).toEqual({ z: 0, pValue: 1 });
  });

  it('rejects more successes than trials', () => {
    expect(() => twoProportionZTest(11, 10, 1, 10)).toThrow(RangeError);
  });
});
