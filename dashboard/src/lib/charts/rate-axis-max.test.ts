import { describe, expect, it } from 'vitest';
import { rateAxisMax } from './rate-axis-max.ts';

describe('rateAxisMax', () => {
  it('ends at the first 10% gridline above the highest rate or interval end', () => {
    expect(rateAxisMax([0.153, 0.254, 0.101])).toBe(0.3);
    expect(rateAxisMax([0.05, null, 0.172])).toBe(0.2);
  });

  it('leaves room above a rate that falls on a gridline', () => {
    expect(rateAxisMax([0.3])).toBe(0.4);
  });

  it('never goes past 100%', () => {
    expect(rateAxisMax([0.97, 1])).toBe(1);
  });

  it('shows a first gridline when every rate is zero or missing', () => {
    expect(rateAxisMax([0, null])).toBe(0.1);
    expect(rateAxisMax([])).toBe(0.1);
  });
});
