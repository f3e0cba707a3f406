import { describe, expect, it } from 'vitest';
import { SeededRandom, WeightedTable } from './random.ts';

function draws(seed: number, count: number): number[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, () => random.float());
}

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draws(42, 1000)).toEqual(draws(42, 1000));
  });

  it('gives different sequences for neighbouring seeds and for seeds beyond 32 bits', () => {
    expect(draws(42, 10)).not.toEqual(draws(43, 10));
    expect(draws(1, 10)).not.toEqual(draws(2 ** 32 + 1, 10));
  });

  it('stays within [0, 1) and averages one half', () => {
    const values = draws(7, 100_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((sum, value) => sum + value, 0) / values.length).toBeCloseTo(0.5, 2);
  });

  it('rejects a seed that is not a safe integer', () => {
    expect(() => new SeededRandom(1.5)).toThrow(/safe integer/);
  });

  it('draws integers across the whole inclusive range', () => {
    const random = new SeededRandom(3);
    const seen = new Set(Array.from({ length: 2000 }, () => random.intBetween(5, 9)));
    expect([...seen].sort()).toEqual([5, 6, 7, 8, 9]);
  });

  it('draws log-normal values around the requested median', () => {
    const random = new SeededRandom(11);
    const values = Array.from({ length: 20_001 }, () => random.logNormal(60, 0.8)).sort((a, b) => a - b);
    expect(values[10_000]).toBeGreaterThan(55);
    expect(values[10_000]).toBeLessThan(65);
  });
});

describe('WeightedTable', () => {
  it('draws values in proportion to their weights', () => {
    const table = new WeightedTable([
      ['rare', 1],
      ['common', 3],
      ['never', 0],
    ] as const);
    const random = new SeededRandom(5);
    const counts = { rare: 0, common: 0, never: 0 };
    for (let draw = 0; draw < 40_000; draw++) counts[table.draw(random)]++;
    expect(counts.never).toBe(0);
    expect(counts.common / 40_000).toBeCloseTo(0.75, 1);
  });

  it('refuses a table without positive weight', () => {
    expect(() => new WeightedTable([['a', 0]])).toThrow(/positive total/);
  });
});
