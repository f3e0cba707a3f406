import { describe, expect, it } from 'vitest';
import { describeDateRange, formatPeriod, formatPeriodKey, trendGranularity } from './period-format.ts';

describe('formatPeriodKey', () => {
  it('names months and weeks', () => {
    expect(formatPeriodKey('2025-03')).toBe('Mar 2025');
    expect(formatPeriodKey('2025-03-03')).toBe('3 Mar 2025');
  });

  it('leaves other keys alone', () => {
    expect(formatPeriodKey('unknown')).toBe('unknown');
  });
});

describe('formatPeriod', () => {
  it('joins both inclusive days', () => {
    expect(formatPeriod({ from: '2025-03-01', to: '2025-03-30' })).toBe('1 Mar 2025 – 30 Mar 2025');
  });
});

describe('trendGranularity', () => {
  it('uses weeks for ranges up to 120 days and months otherwise', () => {
    expect(trendGranularity({ from: '2025-01-01', to: '2025-03-31' })).toBe('week');
    expect(trendGranularity({ from: '2025-01-01', to: '2025-12-31' })).toBe('month');
    expect(trendGranularity({ from: '2025-01-01' })).toBe('month');
  });
});

describe('describeDateRange', () => {
  it('names open and closed ranges', () => {
    expect(describeDateRange({})).toBe('all dates');
    expect(describeDateRange({ from: '2025-03-01' })).toBe('since 1 Mar 2025');
    expect(describeDateRange({ to: '2025-03-30' })).toBe('up to 30 Mar 2025');
    expect(describeDateRange({ from: '2025-03-01', to: '2025-03-30' })).toBe('1 Mar 2025 – 30 Mar 2025');
  });
});
