/** Cancellation requests per period stacked by reason, from a reasons response broken down by month or week. */

import { EFFECTIVE_REASONS, reasonLabel } from '@churnlens/models/taxonomy';
import type { ChartConfiguration } from 'chart.js';
import { barChartOptions } from '../../charts/chart-options.ts';
import { type ChartPalette, reasonColor } from '../../charts/chart-palette.ts';
import type { TableModel } from '../../charts/table-model.ts';
import { formatCount } from '../../format/number-format.ts';
import { formatPeriodKey } from '../../format/period-format.ts';
import type { ReasonsResponse } from '../reasons/reasons-data.ts';

type Group = NonNullable<ReasonsResponse['breakdown']>['groups'][number];

const DAY_MS = 86_400_000;

/** The month (YYYY-MM) or week (its Monday, YYYY-MM-DD) holding `day`, as the API keys its groups. */
function periodKeyOf(by: 'month' | 'week', day: string): string {
  if (by === 'month') return day.slice(0, 7);
  const date = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

function nextPeriodKey(by: 'month' | 'week', key: string): string {
  if (by === 'week') return new Date(Date.parse(`${key}T00:00:00Z`) + 7 * DAY_MS).toISOString().slice(0, 10);
  const [year, month] = key.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

/**
 * Every month or week from the filter's first day (else the first group) to its last (else the last group),
 * those without requests as empty groups: a chart that leaves them out reads as if they had never been.
 */
export function everyPeriod(
  by: 'month' | 'week',
  groups: readonly Group[],
  range: { from?: string; to?: string } = {},
): Group[] {
  const keys = groups.map((group) => group.key).sort();
  const first = [range.from && periodKeyOf(by, range.from), keys[0]].filter(Boolean).sort()[0];
  const last = [range.to && periodKeyOf(by, range.to), keys.at(-1)].filter(Boolean).sort().at(-1);
  if (!first || !last) return [...groups];
  const byKey = new Map(groups.map((group) => [group.key, group]));
  const filled: Group[] = [];
  for (let key = first; key <= last; key = nextPeriodKey(by, key)) {
    filled.push(byKey.get(key) ?? { key, total: 0, reasons: [] });
  }
  return filled;
}

export function buildReasonTrendDataset(
  response: ReasonsResponse,
  palette: ChartPalette,
  range: { from?: string; to?: string } = {},
): { config: ChartConfiguration<'bar'>; table: TableModel } {
  const breakdown = response.breakdown;
  const by = breakdown?.by === 'week' ? 'week' : 'month';
  const groups = breakdown ? everyPeriod(by, breakdown.groups, range) : [];
  const reasons = EFFECTIVE_REASONS.filter((code) =>
    response.reasons.some((reason) => reason.reason === code),
  );
  const countOf = (group: (typeof groups)[number], reason: string) =>
    group.reasons.find((stats) => stats.reason === reason)?.count ?? 0;
  return {
    config: {
      type: 'bar',
      data: {
        labels: groups.map((group) => formatPeriodKey(group.key)),
        datasets: reasons.map((reason) => ({
          label: reasonLabel(reason),
          data: groups.map((group) => countOf(group, reason)),
          backgroundColor: reasonColor(palette, reason),
        })),
      },
      options: barChartOptions(palette, { stacked: true, formatValue: formatCount, counts: true }),
    },
    table: {
      columns: [
        { key: 'period', label: response.breakdown?.by === 'week' ? 'Week of' : 'Month' },
        { key: 'total', label: 'Total', numeric: true },
        ...reasons.map((reason) => ({ key: reason, label: reasonLabel(reason), numeric: true })),
      ],
      rows: groups.map((group) => ({
        period: formatPeriodKey(group.key),
        total: formatCount(group.total),
        ...Object.fromEntries(reasons.map((reason) => [reason, formatCount(countOf(group, reason))])),
      })),
    },
  };
}
