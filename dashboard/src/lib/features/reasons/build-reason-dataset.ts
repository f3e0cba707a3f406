/** Requests and MRR lost per reason, most frequent first, coloured by reason so colours match across charts. */
import type { ChartConfiguration } from 'chart.js';
import { barChartOptions } from '../../charts/chart-options.ts';
import { type ChartPalette, reasonColor } from '../../charts/chart-palette.ts';
import type { TableModel } from '../../charts/table-model.ts';
import {
  formatCount,
  formatDecimal,
  formatMoney,
  formatMoneyCompact,
  formatPercent,
} from '../../format/number-format.ts';
import type { ReasonsResponse } from './reasons-data.ts';

export type ReasonMeasure = 'count' | 'mrrLost';

export function buildReasonDataset(
  response: ReasonsResponse,
  measure: ReasonMeasure,
  palette: ChartPalette,
): ChartConfiguration<'bar'> {
  const reasons = [...response.reasons].sort((a, b) => b[measure] - a[measure]);
  const format = measure === 'count' ? formatCount : (value: number) => formatMoney(value, response.currency);
  return {
    type: 'bar',
    data: {
      labels: reasons.map((reason) => reason.label),
      datasets: [
        {
          label: measure === 'count' ? 'Cancel requests' : `MRR lost (${response.currency})`,
          data: reasons.map((reason) => reason[measure]),
          backgroundColor: reasons.map((reason) => reasonColor(palette, reason.reason)),
        },
      ],
    },
    options: barChartOptions(palette, {
      horizontal: true,
      formatValue: format,
      counts: measure === 'count',
      ...(measure === 'mrrLost'
        ? { formatTick: (value: number) => formatMoneyCompact(value, response.currency) }
        : {}),
      legend: false,
    }),
  };
}

/** Every figure per reason; the same table serves as both charts' text alternative. */
export function buildReasonTable(response: ReasonsResponse): TableModel {
  return {
    columns: [
      { key: 'reason', label: 'Reason' },
      { key: 'count', label: 'Requests', numeric: true },
      { key: 'share', label: 'Share', numeric: true },
      { key: 'mrrLost', label: 'MRR lost', numeric: true },
      { key: 'saveRate', label: 'Save rate', numeric: true },
      { key: 'sentiment', label: 'Avg. sentiment', numeric: true },
      { key: 'needsReview', label: 'Needs review', numeric: true },
    ],
    rows: response.reasons.map((reason) => ({
      reason: reason.label,
      count: formatCount(reason.count),
      share: formatPercent(reason.share),
      mrrLost: formatMoney(reason.mrrLost, response.currency),
      saveRate: formatPercent(reason.saveRate),
      sentiment: formatDecimal(reason.avgSentiment),
      needsReview: formatCount(reason.needsReview),
    })),
  };
}
