import { describe, expect, it } from 'vitest';
import {
  describeChange,
  describeRateChange,
  formatCount,
  formatCountCompact,
  formatDecimal,
  formatDuration,
  formatMoney,
  formatMoneyCompact,
  formatPercent,
  formatPercentTick,
} from './number-format.ts';

describe('formatting', () => {
  it('groups thousands in counts', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('shows rates as percentages with one decimal, and a dash for no rate', () => {
    expect(formatPercent(0.4567)).toBe('45.7%');
    expect(formatPercent(null)).toBe('–');
  });

  it('keeps the decimal of a whole percentage, so a column of rates reads at one precision, as in the report', () => {
    expect([0.13, 0.238, 1, 3.39].map(formatPercent)).toEqual(['13.0%', '23.8%', '100.0%', '339.0%']);
  });

  it('marks percentage axis ticks in whole percent', () => {
    expect([0, 0.1, 1].map(formatPercentTick)).toEqual(['0%', '10%', '100%']);
  });

  it('shows a rate above zero but under 0.1% as “<0.1%”, as the insight report does, not as 0%', () => {
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(0.001)).toBe('0.1%');
    expect(formatPercent(0)).toBe('0.0%');
  });

  it('shows two decimals always, so 3 and 3.68 line up in a column, and no negative zero', () => {
    expect(formatDecimal(-0.4249)).toBe('−0.42');
    expect(formatDecimal(3)).toBe('3.00');
    expect(formatDecimal(-0.004)).toBe('0.00');
    expect(formatDecimal(null)).toBe('–');
  });

  it('drops cents from large amounts but keeps them on small ones', () => {
    expect(formatMoney(12340.4, 'USD')).toBe('$12,340');
    expect(formatMoney(49.5, 'EUR')).toBe('€49.50');
  });

  it('shows no money as "$0", not "$0.00" beside whole amounts', () => {
    expect(formatMoney(0, 'USD')).toBe('$0');
  });
});

describe('describeChange', () => {
  it('gives the relative change with its sign', () => {
    expect(describeChange(110, 100)).toEqual({ direction: 'up', text: '+10.0% vs previous period' });
    expect(describeChange(75, 100)).toEqual({ direction: 'down', text: '−25.0% vs previous period' });
  });

  it('says when there is nothing to compare with', () => {
    expect(describeChange(5, null).direction).toBe('none');
    expect(describeChange(5, 0)).toEqual({ direction: 'up', text: 'new vs previous period (was 0)' });
    expect(describeChange(0, 0).direction).toBe('flat');
  });
});

describe('describeRateChange', () => {
  it('compares rates in percentage points', () => {
    expect(describeRateChange(0.32, 0.3)).toEqual({ direction: 'up', text: '+2.0 pts vs previous period' });
    expect(describeRateChange(0.25, 0.305)).toEqual({
      direction: 'down',
      text: '−5.5 pts vs previous period',
    });
  });

  it('has no change without both rates, and says which one is missing', () => {
    expect(describeRateChange(null, 0.3)).toEqual({ direction: 'none', text: 'no requests in this period' });
    expect(describeRateChange(0.3, null)).toEqual({ direction: 'none', text: 'no previous period' });
  });
});

describe('formatDuration', () => {
  it('picks a unit that keeps the number short', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(720)).toBe('12 min');
    expect(formatDuration(3.5 * 3600)).toBe('3.5 h');
    expect(formatDuration(3 * 86400)).toBe('3.0 d');
    expect(formatDuration(12 * 3600)).toBe('12.0 h');
    expect(formatDuration(null)).toBe('–');
  });
});

describe('formatCountCompact', () => {
  it('abbreviates counts for axis ticks so that neighbouring ticks do not overlap', () => {
    expect([0, 500, 15_000, 1_250_000].map(formatCountCompact)).toEqual(['0', '500', '15K', '1.3M']);
  });
});

describe('formatMoneyCompact', () => {
  it('abbreviates thousands and millions for axis ticks', () => {
    expect(formatMoneyCompact(0, 'USD')).toBe('$0');
    expect(formatMoneyCompact(50000, 'USD')).toBe('$50K');
    expect(formatMoneyCompact(1_250_000, 'USD')).toBe('$1.3M');
  });
});
