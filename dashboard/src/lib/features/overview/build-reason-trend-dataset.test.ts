import { describe, expect, it } from 'vitest';
import { everyPeriod } from './build-reason-trend-dataset.ts';

const group = (key: string, total: number) => ({ key, total, reasons: [] });

describe('everyPeriod', () => {
  it('shows the months of the filter without requests as empty, not as missing', () => {
    const filled = everyPeriod('month', [group('2026-07', 2)], { from: '2026-05-01', to: '2026-08-31' });
    expect(filled.map((entry) => [entry.key, entry.total])).toEqual([
      ['2026-05', 0],
      ['2026-06', 0],
      ['2026-07', 2],
      ['2026-08', 0],
    ]);
  });

  it('fills the weeks between the groups, from the Monday of the first day, across a year end', () => {
    const filled = everyPeriod('week', [group('2025-12-22', 3), group('2026-01-05', 1)], {
      from: '2025-12-24',
    });
    expect(filled.map((entry) => entry.key)).toEqual(['2025-12-22', '2025-12-29', '2026-01-05']);
  });

  it('fills the gaps between the groups without a filter range, and has nothing without groups', () => {
    expect(
      everyPeriod('month', [group('2025-11', 1), group('2026-01', 4)]).map((entry) => entry.key),
    ).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(everyPeriod('month', [])).toEqual([]);
  });
});
