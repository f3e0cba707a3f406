/**
 * Offer rates as grouped bars: one group per offer type, one bar per measure (acceptance, kept at 30/60/90
 * days), a whisker for the 95% Wilson interval, and faded bars where the sample is too small to rank.
 */

import { offerLabel } from '@churnlens/models/labels';
import type { ChartConfiguration } from 'chart.js';
import { barChartOptions } from '../../charts/chart-options.ts';
import { type ChartPalette, seriesColor } from '../../charts/chart-palette.ts';
import { type Interval, intervalWhiskersPlugin } from '../../charts/interval-whiskers-plugin.ts';
import { rateAxisMax } from '../../charts/rate-axis-max.ts';
import type { TableModel } from '../../charts/table-model.ts';
import { describeRate } from '../../format/describe-rate.ts';
import {
  formatCount,
  formatMoney,
  formatMoneyCompact,
  formatPercent,
  formatPercentTick,
} from '../../format/number-format.ts';
import { type OffersResponse, RATE_MEASURES } from './offers-data.ts';

/** Hex colour with an alpha channel, for the faded small-sample bars. */
function faded(hex: string): string {
  return /^#[0-9a-f]{6}$/i.test(hex) ? `${hex}59` : hex;
}

export function buildOfferRatesDataset(
  response: OffersResponse,
  palette: ChartPalette,
): { config: ChartConfiguration<'bar'>; table: TableModel } {
  const offers = response.offers;
  const datasets = RATE_MEASURES.map((measure, index) => {
    const color = seriesColor(palette, index + 1);
    return {
      label: measure.label,
      data: offers.map((stats) => measure.pick(stats).rate ?? 0),
      backgroundColor: offers.map((stats) => (measure.pick(stats).smallSample ? faded(color) : color)),
      borderColor: color,
      borderWidth: 1,
    };
  });
  const intervals: Interval[][] = RATE_MEASURES.map((measure) =>
    offers.map((stats) => {
      const rate = measure.pick(stats);
      return rate.low === null || rate.high === null ? null : [rate.low, rate.high];
    }),
  );
  const options = barChartOptions(palette, {
    formatValue: formatPercent,
    formatTick: formatPercentTick,
    valueMax: rateAxisMax([
      ...datasets.flatMap((dataset) => dataset.data),
      ...intervals.flat().map((interval) => interval?.[1] ?? null),
    ]),
  });
  options.plugins = {
    ...options.plugins,
    tooltip: {
      callbacks: {
        label: (item) => {
          const stats = offers[item.dataIndex];
          const measure = RATE_MEASURES[item.datasetIndex];
          return stats && measure ? `${measure.label}: ${describeRate(measure.pick(stats))}` : '';
        },
      },
    },
  };
  return {
    config: {
      type: 'bar',
      data: { labels: offers.map((stats) => offerLabel(stats.offerType)), datasets },
      options,
      plugins: [intervalWhiskersPlugin(intervals, palette.text)],
    },
    table: {
      columns: [
        { key: 'offer', label: 'Offer' },
        { key: 'presented', label: 'Presented', numeric: true },
        ...RATE_MEASURES.map((measure) => ({ key: measure.key, label: measure.label, numeric: true })),
        { key: 'mrrRetained', label: 'MRR retained', numeric: true },
      ],
      rows: offers.map((stats) => ({
        offer: offerLabel(stats.offerType),
        presented: formatCount(stats.presented),
        ...Object.fromEntries(
          RATE_MEASURES.map((measure) => [measure.key, describeRate(measure.pick(stats))]),
        ),
        mrrRetained: formatMoney(stats.mrrRetained, response.currency),
      })),
    },
  };
}

/** MRR kept by each offer type (accepted offers whose customer has not churned), largest first. */
export function buildOfferMrrDataset(
  response: OffersResponse,
  palette: ChartPalette,
): { config: ChartConfiguration<'bar'>; table: TableModel } {
  const offers = [...response.offers].sort((a, b) => b.mrrRetained - a.mrrRetained);
  const money = (value: number) => formatMoney(value, response.currency);
  return {
    config: {
      type: 'bar',
      data: {
        labels: offers.map((stats) => offerLabel(stats.offerType)),
        datasets: [
          {
            label: `MRR retained (${response.currency})`,
            data: offers.map((stats) => stats.mrrRetained),
            backgroundColor: seriesColor(palette, 3),
          },
        ],
      },
      options: barChartOptions(palette, {
        horizontal: true,
        formatValue: money,
        formatTick: (value) => formatMoneyCompact(value, response.currency),
        legend: false,
      }),
    },
    table: {
      columns: [
        { key: 'offer', label: 'Offer' },
        { key: 'accepted', label: 'Accepted', numeric: true },
        { key: 'mrr', label: 'MRR retained', numeric: true },
      ],
      rows: offers.map((stats) => ({
        offer: offerLabel(stats.offerType),
        accepted: formatCount(stats.accepted),
        mrr: money(stats.mrrRetained),
      })),
    },
  };
}
