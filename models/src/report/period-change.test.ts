import { describe, expect, it } from 'vitest';
import {
  comparisonGap,
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

describe('whether the data covers both periods', () => {
  const october = reportPeriod('2026-10-01', '2026-10-31');
  const september = reportPeriod('2026-08-31', '2026-09-30');

  it('compares two periods the data covers', () => {
    expect(comparisonGap(october, september, { from: '2025-05-01', to: '2026-11-03' })).toBeNull();
    expect(comparisonGap(october, september, { from: '2026-08-31', to: '2026-10-31' })).toBeNull();
  });

  it('says where the data begins when it misses the start of the previous period', () => {
    expect(comparisonGap(october, september, { from: '2026-09-10', to: '2026-11-03' })).toBe(
      'the data begins on 2026-09-10',
    );
  });

  it('says how many of the period’s days the data covers when the period is still being ingested', () => {
    expect(comparisonGap(october, september, { from: '2025-05-01', to: '2026-10-12' })).toBe(
      'the data ends on 2026-10-12, 12 of the period’s 31 days',
    );
    expect(comparisonGap(october, september, { from: '2025-05-01', to: '2026-10-01' })).toBe(
      'the data ends on 2026-10-01, 1 of the period’s 31 days',
    );
  });

  it('says the data ends before a period that it does not reach at all', () => {
    expect(comparisonGap(october, september, { from: '2025-05-01', to: '2026-09-20' })).toBe(
      'the data ends on 2026-09-20, before the period begins',
    );
  });

  it('has nothing to compare without data', () => {
    expect(comparisonGap(october, september, null)).toBe('there is no data');
  });
});
