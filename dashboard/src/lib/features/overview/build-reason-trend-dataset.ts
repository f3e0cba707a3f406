/** Cancellation requests per period stacked by reason, from a reasons response broken down by month or week. */

import { REASON_CODES, reasonLabel } from '@churnlens/models/taxonomy';
import type { ChartConfiguration } from 'chart.js';
import { barChartOptions } from '../../charts/chart-options.ts';
import { type ChartPalette, reasonColor } from '../../charts/chart-palette.ts';
import type { TableModel } from '../../charts/table-model.ts';
import { formatCount } from '../../format/number-format.ts';
import { formatPeriodKey } from '../../format/period-format.ts';
import type { ReasonsResponse } from '../reasons/reasons-data.ts';

export function buildReasonTrendDataset(
  response: ReasonsResponse,
  palette: ChartPalette,
): { config: ChartConfiguration<'bar'>; table: TableModel } {
  const groups = response.breakdown?.groups ?? [];
  const reasons = REASON_CODES.filter((code) => response.reasons.some((reason) => reason.reason === code));
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
      options: barChartOptions(palette, { stacked: true, formatValue: formatCount }),
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
