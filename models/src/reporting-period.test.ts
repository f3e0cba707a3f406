import { describe, expect, it } from 'vitest';
import { comparedPeriods } from './reporting-period.ts';

describe('comparedPeriods', () => {
  it('defaults to the 30 days ending on the data end date, against the 30 days before', () => {
    expect(comparedPeriods({}, '2024-06-30')).toEqual({
      current: { from: '2024-06-01', to: '2024-06-30' },
      previous: { from: '2024-05-02', to: '2024-05-31' },
    });
  });

  it('compares an explicit period with the equally long one just before it, across a leap day', () => {
    expect(comparedPeriods({ from: '2024-03-01', to: '2024-03-10' }, '2024-06-30')).toEqual({
      current: { from: '2024-03-01', to: '2024-03-10' },
      previous: { from: '2024-02-20', to: '2024-02-29' },
    });
  });

  it('ends an open-ended period at the data end date and starts a period without from 30 days before to', () => {
    expect(comparedPeriods({ from: '2024-06-15' }, '2024-06-30').current).toEqual({
      from: '2024-06-15',
      to: '2024-06-30',
    });
    expect(comparedPeriods({ to: '2024-01-30' }, '2024-06-30').current).toEqual({
      from: '2024-01-01',
      to: '2024-01-30',
    });
  });

  it('uses a single day when from lies after the data end date', () => {
    expect(comparedPeriods({ from: '2024-08-01' }, '2024-06-30')).toEqual({
      current: { from: '2024-08-01', to: '2024-08-01' },
      previous: { from: '2024-07-31', to: '2024-07-31' },
    });
  });

  it('falls back to today for an empty database', () => {
    expect(comparedPeriods({}, null, '2025-01-30').current).toEqual({ from: '2025-01-01', to: '2025-01-30' });
  });
});
