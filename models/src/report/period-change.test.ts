import { describe, expect, it } from 'vitest';
import {
  countChangeIsSignificant,
  periodChange,
  rateChangeIsSignificant,
  reportPeriod,
} from './period-change.ts';

describe('report periods', () => {
  it('counts both ends of the period', () => {
    expect(reportPeriod('2026-03-01', '2026-03-30')).toEqual({
      from: '2026-03-01',
      to: '2026-03-30',
      days: 30,
    });
  });

  it('rejects a period that ends before it starts', () => {
    expect(() => reportPeriod('2026-03-02', '2026-03-01')).toThrow(
      'the period 2026-03-02..2026-03-01 is empty',
    );
  });
});

describe('period changes', () => {
  it('is relative for counts and a difference for rates', () => {
    expect(periodChange(330, 250, 'count')).toBeCloseTo(0.32);
    expect(periodChange(0.195, 0.24, 'ratio')).toBeCloseTo(-0.045);
  });

  it('is unknown without a previous figure or base', () => {
    expect(periodChange(10, null, 'count')).toBeNull();
    expect(periodChange(10, 0, 'money')).toBeNull();
  });

  it('finds 330 vs 250 requests significant but 12 vs 8 not', () => {
    expect(countChangeIsSignificant(330, 250)).toBe(true);
    expect(countChangeIsSignificant(12, 8)).toBe(false);
    expect(countChangeIsSignificant(0, 0)).toBe(false);
  });

  it('tests a save-rate change with both periods sample sizes', () => {
    expect(rateChangeIsSignificant({ successes: 195, trials: 1000 }, { successes: 240, trials: 1000 })).toBe(
      true,
    );
    expect(rateChangeIsSignificant({ successes: 3, trials: 10 }, { successes: 2, trials: 10 })).toBe(false);
  });
});
