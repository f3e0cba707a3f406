import { describe, expect, it } from 'vitest';
import { histogramQuantile } from './histogram-quantile.ts';

/** quantile_cont's definition over the values written out one by one. */
function quantileOfValues(sorted: number[], fraction: number): number {
  const position = fraction * (sorted.length - 1);
  const lower = sorted[Math.floor(position)] as number;
  const upper = sorted[Math.min(Math.floor(position) + 1, sorted.length - 1)] as number;
  return lower + (position - Math.floor(position)) * (upper - lower);
}

describe('histogramQuantile', () => {
  it('interpolates between the sorted values as quantile_cont does', () => {
    const waits = { values: [30, 60, 120, 180, 240], counts: [1, 1, 1, 1, 1] };
    expect(histogramQuantile(waits, 0.5)).toBe(120);
    // Position 3.6: 180 + 0.6 × (240 − 180).
    expect(histogramQuantile(waits, 0.9)).toBeCloseTo(216, 10);
  });

  it('counts a value as often as it occurs', () => {
    // 10, 10, 10, 20: the median sits between two tens, the 90th percentile 0.7 of the way to 20.
    const ties = { values: [10, 20], counts: [3, 1] };
    expect(histogramQuantile(ties, 0.5)).toBe(10);
    expect(histogramQuantile(ties, 0.9)).toBeCloseTo(17, 10);
    expect(histogramQuantile(ties, 0)).toBe(10);
    expect(histogramQuantile(ties, 1)).toBe(20);
  });

  it('gives the one value of a histogram that counts one, and null for one that counts none', () => {
    expect(histogramQuantile({ values: [42], counts: [7] }, 0.9)).toBe(42);
    expect(histogramQuantile({ values: [], counts: [] }, 0.5)).toBeNull();
  });

  it('equals the quantile of the values written out, for histograms with many ties', () => {
    let state = 11;
    const next = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    for (let round = 0; round < 50; round++) {
      const values = Array.from({ length: 1 + Math.floor(next() * 20) }, (_, index) => index * 2.5 + next());
      const counts = values.map(() => 1 + Math.floor(next() * 6));
      const written = values.flatMap((value, index) => Array<number>(counts[index] as number).fill(value));
      for (const fraction of [0, 0.1, 0.5, 0.9, 1]) {
        expect(histogramQuantile({ values, counts }, fraction)).toBeCloseTo(
          quantileOfValues(written, fraction),
          10,
        );
      }
    }
  });

  it('refuses a fraction outside 0 to 1', () => {
    expect(() => histogramQuantile({ values: [1], counts: [1] }, 90)).toThrow(/0 to 1, got 90/);
  });
});
