import { describe, expect, it } from 'vitest';
import { TEST_PALETTE } from '../../../testing/test-palette.ts';
import { buildReasonTrendDataset } from '../overview/build-reason-trend-dataset.ts';
import { buildBreakdownDataset, MAX_GROUPS } from './build-breakdown-dataset.ts';
import { buildReasonDataset, buildReasonTable } from './build-reason-dataset.ts';
import { breakdownMix, MAX_SIGNUP_QUARTERS, signupQuarterMix } from './reason-mix.ts';
import type { ReasonStats, ReasonsResponse } from './reasons-data.ts';

function stats(reason: ReasonStats['reason'], label: string, count: number, mrrLost: number): ReasonStats {
  return { reason, label, count, share: 0, mrrLost, saveRate: 0.25, avgSentiment: -0.42, needsReview: 3 };
}

const response: ReasonsResponse = {
  currency: 'USD',
  total: 100,
  reasons: [
    { ...stats('too_expensive', 'Too expensive', 60, 3000), share: 0.6 },
    { ...stats('unused', 'Unused', 40, 5000), share: 0.4 },
  ],
  breakdown: {
    by: 'month',
    groups: [
      { key: '2025-01', total: 30, reasons: [stats('too_expensive', 'Too expensive', 30, 0)] },
      {
        key: '2025-02',
        total: 70,
        reasons: [stats('unused', 'Unused', 40, 0), stats('too_expensive', 'Too expensive', 30, 0)],
      },
    ],
  },
};

describe('buildReasonDataset', () => {
  it('sorts reasons by the chosen measure and colours each by its taxonomy position', () => {
    const config = buildReasonDataset(response, 'mrrLost', TEST_PALETTE);
    expect(config.data.labels).toEqual(['Unused', 'Too expensive']);
    expect(config.data.datasets[0]?.data).toEqual([5000, 3000]);
    expect(config.data.datasets[0]?.backgroundColor).toEqual(['#000004', '#000001']);
  });

  it('writes the count axis in thousands, whose full numbers overlapped on a half-width card', () => {
    const config = buildReasonDataset(response, 'count', TEST_PALETTE);
    const axis = config.options?.scales?.x as { ticks: { callback: (value: number) => string } };
    expect([0, 5_000, 45_000].map((value) => axis.ticks.callback(value))).toEqual(['0', '5K', '45K']);
  });
});

describe('buildReasonTable', () => {
  it('lists every figure per reason as it should read', () => {
    expect(buildReasonTable(response).rows[0]).toEqual({
      reason: 'Too expensive',
      count: '60',
      share: '60.0%',
      mrrLost: '$3,000',
      saveRate: '25.0%',
      sentiment: '−0.42',
      needsReview: '3',
    });
  });
});

describe('buildReasonTrendDataset', () => {
  const { config, table } = buildReasonTrendDataset(response, TEST_PALETTE);

  it('has one bar per period and one stacked series per reason', () => {
    expect(config.data.labels).toEqual(['Jan 2025', 'Feb 2025']);
    expect(config.data.datasets.map((dataset) => [dataset.label, dataset.data])).toEqual([
      ['Too expensive', [30, 30]],
      ['Unused', [0, 40]],
    ]);
  });

  it('tabulates the same counts with the period total', () => {
    expect(table.rows[1]).toEqual({ period: 'Feb 2025', total: '70', too_expensive: '30', unused: '40' });
  });
});

describe('buildBreakdownDataset', () => {
  const byPlan: ReasonsResponse = {
    ...response,
    breakdown: {
      by: 'channel',
      groups: [
        {
          key: 'self_serve',
          total: 4,
          reasons: [stats('unused', 'Unused', 3, 0), stats('too_expensive', 'Too expensive', 1, 0)],
        },
        { key: 'email', total: 2, reasons: [stats('unused', 'Unused', 2, 0)] },
      ],
    },
  };

  it('stacks each group to 100% and keeps the counts in the table', () => {
    const { config, table } = buildBreakdownDataset(breakdownMix(byPlan), TEST_PALETTE);
    expect(config.data.labels).toEqual(['Self-serve (4)', 'Email (2)']);
    expect(config.data.datasets.map((dataset) => [dataset.label, dataset.data])).toEqual([
      ['Too expensive', [0.25, 0]],
      ['Unused', [0.75, 1]],
    ]);
    expect(table.rows[0]).toEqual({
      group: 'Self-serve',
      total: '4',
      too_expensive: '1 (25.0%)',
      unused: '3 (75.0%)',
    });
  });

  it('cuts a long group name on the axis, keeping its count, and keeps it whole in the tooltip and the table', () => {
    const plan = 'enterprise-annual-prepaid-2024-legacy-contract-emea';
    const longNames: ReasonsResponse = {
      ...response,
      breakdown: {
        by: 'plan',
        groups: [
          { key: plan, total: 1200, reasons: [stats('unused', 'Unused', 1200, 0)] },
          { key: 'pro', total: 3, reasons: [stats('unused', 'Unused', 3, 0)] },
        ],
      },
    };
    const { config, table } = buildBreakdownDataset(breakdownMix(longNames), TEST_PALETTE);
    const axis = config.options?.scales?.y as {
      ticks: { callback: (value: number, index: number) => string };
    };
    expect([0, 1].map((index) => axis.ticks.callback(index, index))).toEqual([
      'enterprise-annu… (1,200)',
      'pro (3)',
    ]);
    expect(config.data.labels?.[0]).toBe(`${plan} (1,200)`);
    expect(table.rows[0]?.group).toBe(plan);
  });

  it('names the filter value behind each bar', () => {
    expect(buildBreakdownDataset(breakdownMix(byPlan), TEST_PALETTE).groups).toEqual([
      { value: 'self_serve', label: 'Self-serve' },
      { value: 'email', label: 'Email' },
    ]);
  });

  it('folds the smallest groups into one so the chart stays legible', () => {
    const many: ReasonsResponse = {
      ...response,
      breakdown: {
        by: 'country',
        groups: Array.from({ length: MAX_GROUPS + 3 }, (_, index) => ({
          key: `C${index}`,
          total: 100 - index,
          reasons: [stats('unused', 'Unused', 100 - index, 0)],
        })),
      },
    };
    const { table, groups } = buildBreakdownDataset(breakdownMix(many), TEST_PALETTE);
    expect(table.rows).toHaveLength(MAX_GROUPS);
    expect(groups.at(-1)).toEqual({ value: null, label: '4 other groups' });
    expect(table.rows.at(-1)).toEqual({ group: '4 other groups', total: '350', unused: '350 (100.0%)' });
  });
});

describe('signupQuarterMix', () => {
  const month = (key: string, total: number, unused: number) => ({
    key,
    total,
    reasons: [
      { reason: 'unused' as const, count: unused, share: unused / total },
      { reason: 'too_expensive' as const, count: total - unused, share: (total - unused) / total },
    ],
  });

  it('sums signup months into calendar quarters, oldest first', () => {
    const mix = signupQuarterMix([month('2025-01', 10, 4), month('2025-03', 5, 5), month('2025-04', 2, 0)]);
    expect(mix.map((group) => [group.label, group.total, Object.fromEntries(group.counts)])).toEqual([
      ['2025 Q1', 15, { unused: 9, too_expensive: 6 }],
      ['2025 Q2', 2, { unused: 0, too_expensive: 2 }],
    ]);
  });

  it('draws the newest quarters one by one and sums those before them into one group, first in time order', () => {
    const months = Array.from({ length: 16 }, (_, index) =>
      month(`${2022 + Math.floor(index / 4)}-${String((index % 4) * 3 + 1).padStart(2, '0')}`, 10, 1),
    );
    const mix = signupQuarterMix(months);
    expect(mix).toHaveLength(MAX_SIGNUP_QUARTERS + 1);
    expect(mix[0]).toMatchObject({ label: 'before 2023 Q2', total: 50, filterValue: null });
    expect(mix.slice(1).map((group) => group.label)).toEqual([
      '2023 Q2',
      '2023 Q3',
      '2023 Q4',
      ...['2024', '2025'].flatMap((year) => [1, 2, 3, 4].map((quarter) => `${year} Q${quarter}`)),
    ]);
  });

  it('offers no filter for a quarter, since no filter narrows to a signup date', () => {
    const { groups } = buildBreakdownDataset(signupQuarterMix([month('2025-01', 10, 4)]), TEST_PALETTE);
    expect(groups).toEqual([{ value: null, label: '2025 Q1' }]);
  });
});
