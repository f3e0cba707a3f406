import { describe, expect, it } from 'vitest';
import { benjaminiHochbergQValues } from './false-discovery-rate.ts';

describe('benjaminiHochbergQValues', () => {
  it("matches R's p.adjust(c(0.01, 0.04, 0.03, 0.005), 'BH'), in the order given", () => {
    const qValues = benjaminiHochbergQValues([0.01, 0.04, 0.03, 0.005]);
    [0.02, 0.04, 0.04, 0.02].forEach((expected, index) => {
      expect(qValues[index]).toBeCloseTo(expected, 12);
    });
  });

  it("declares exactly the four discoveries of Benjamini and Hochberg's (1995) fifteen p-values at 0.05", () => {
    const pValues = [
      0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528,
      0.759, 1,
    ];
    const qValues = benjaminiHochbergQValues(pValues);
    expect(qValues.filter((q) => q < 0.05)).toHaveLength(4);
    expect(qValues[3]).toBeCloseTo((0.0095 * 15) / 4, 12);
    // The fifth (0.0201 × 15 / 5 = 0.0603) is below the later ranks' values, so it keeps its own.
    expect(qValues[4]).toBeCloseTo(0.0603, 12);
    // The sixth's own value (0.0695) is above the seventh's (0.0298 × 15 / 7), which it takes.
    expect(qValues[5]).toBeCloseTo((0.0298 * 15) / 7, 12);
  });

  it('counts the p-values left out of a larger family as tested, which raises every q-value', () => {
    const qValues = benjaminiHochbergQValues([0.01, 0.04, 0.03, 0.005], 10);
    [0.05, 0.1, 0.1, 0.05].forEach((expected, index) => {
      expect(qValues[index]).toBeCloseTo(expected, 12);
    });
  });

  it('gives tied p-values one q-value, never above 1', () => {
    expect(benjaminiHochbergQValues([0.5, 0.5, 0.9], 5)).toEqual([1, 1, 1]);
    expect(benjaminiHochbergQValues([0.02, 0.02])).toEqual([0.02, 0.02]);
  });

  it('leaves a single test as it is and an empty family empty', () => {
    expect(benjaminiHochbergQValues([0.03])).toEqual([0.03]);
    expect(benjaminiHochbergQValues([])).toEqual([]);
  });

  it('refuses a family smaller than the p-values passed', () => {
    expect(() => benjaminiHochbergQValues([0.01, 0.02], 1)).toThrow(RangeError);
  });
});
