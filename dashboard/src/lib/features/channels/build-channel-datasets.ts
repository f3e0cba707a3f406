/**
 * Self-serve vs agents vs chatbot: save rate per channel with its 95% interval, and how long requests wait to
 * be handled (median and 90th percentile, in minutes), with the per-agent figures as a table model.
 */

import { channelLabel } from '@churnlens/models/labels';
import type { ChartConfiguration, ChartDataset, ChartOptions } from 'chart.js';
import { barChartOptions, lineChartOptions } from '../../charts/chart-options.ts';
import { type ChartPalette, seriesColor } from '../../charts/chart-palette.ts';
import { type Interval, intervalWhiskersPlugin } from '../../charts/interval-whiskers-plugin.ts';
import { rateAxisMax } from '../../charts/rate-axis-max.ts';
import type { TableModel } from '../../charts/table-model.ts';
import { describeRate, formatRateWithInterval } from '../../format/describe-rate.ts';
import {
  formatCount,
  formatDecimal,
  formatDuration,
  formatPercent,
  formatPercentTick,
} from '../../format/number-format.ts';
import { formatPeriodKey } from '../../format/period-format.ts';
import type { AgentStats, ChannelStats, ChannelsResponse } from './channels-data.ts';

function saveRateWithInterval(stats: ChannelStats | AgentStats) {
  return { rate: stats.saveRate, low: stats.saveRateLow, high: stats.saveRateHigh, n: stats.requests };
}

export function buildSaveRateDataset(
  response: ChannelsResponse,
  palette: ChartPalette,
): { config: ChartConfiguration<'bar'>; table: TableModel } {
  const channels = response.channels;
  const intervals: Interval[] = channels.map((stats) =>
    stats.saveRateLow === null || stats.saveRateHigh === null
      ? null
      : [stats.saveRateLow, stats.saveRateHigh],
  );
  const options = barChartOptions(palette, {
    formatValue: formatPercent,
    formatTick: formatPercentTick,
    valueMax: rateAxisMax(channels.flatMap((stats) => [stats.saveRate, stats.saveRateHigh])),
    legend: false,
  });
  options.plugins = {
    ...options.plugins,
    tooltip: {
      callbacks: {
        label: (item) => {
          const stats = channels[item.dataIndex];
          return stats ? `Save rate: ${describeRate(saveRateWithInterval(stats))}` : '';
        },
      },
    },
  };
  const datasets = [
    {
      label: 'Save rate',
      data: channels.map((stats) => stats.saveRate ?? 0),
      backgroundColor: channels.map((_, index) => seriesColor(palette, index)),
    },
  ];
  return {
    config: {
      ...channelBars(channels, datasets, options),
      plugins: [intervalWhiskersPlugin([intervals], palette.text)],
    },
    table: handlingTable(
      'Channel',
      channels.map((stats) => ({ name: channelLabel(stats.channel), stats })),
    ),
  };
}

/**
 * Each channel's save rate month by month, one line per channel in the colour its bar has: whether a channel
 * got better or worse, which a whole period's rate hides. A month without a request of the channel leaves a
 * gap in its line; the tooltip gives each month's interval and n, which tell a real change from a small month.
 */
export function buildSaveRateTrend(
  response: ChannelsResponse,
  palette: ChartPalette,
): { config: ChartConfiguration<'line'>; table: TableModel } {
  const months = response.breakdown?.groups ?? [];
  const ofMonth = (index: number, channel: string) =>
    months[index]?.channels.find((stats) => stats.channel === channel);
  const channels = response.channels.map((stats) => stats.channel);
  const options = lineChartOptions(palette, {
    formatTick: formatPercentTick,
    valueMax: rateAxisMax(months.flatMap((month) => month.channels.map((stats) => stats.saveRate))),
  });
  options.plugins = {
    ...options.plugins,
    tooltip: {
      callbacks: {
        label: (item) => {
          const stats = ofMonth(item.dataIndex, channels[item.datasetIndex] ?? '');
          return stats ? `${channelLabel(stats.channel)}: ${describeRate(saveRateWithInterval(stats))}` : '';
        },
      },
    },
  };
  const datasets = channels.map((channel, index) => ({
    label: channelLabel(channel),
    data: months.map((_, month) => ofMonth(month, channel)?.saveRate ?? null),
    borderColor: seriesColor(palette, index),
    backgroundColor: seriesColor(palette, index),
    pointRadius: 2,
    spanGaps: false,
  }));
  return {
    config: {
      type: 'line',
      data: { labels: months.map((month) => formatPeriodKey(month.key)), datasets },
      options,
    },
    table: trendTable(months, channels),
  };
}

type MonthGroup = NonNullable<ChannelsResponse['breakdown']>['groups'][number];

/** A row per month, a column per channel: its rate with interval and n, a dash for a month without its requests. */
function trendTable(months: readonly MonthGroup[], channels: readonly ChannelStats['channel'][]): TableModel {
  const rate = (month: MonthGroup, channel: string) => {
    const stats = month.channels.find((candidate) => candidate.channel === channel);
    return stats ? describeRate(saveRateWithInterval(stats)) : '–';
  };
  return {
    columns: [
      { key: 'month', label: 'Month' },
      ...channels.map((channel) => ({ key: channel, label: channelLabel(channel), numeric: true })),
    ],
    rows: months.map((month) => ({
      month: formatPeriodKey(month.key),
      ...Object.fromEntries(channels.map((channel) => [channel, rate(month, channel)])),
    })),
  };
}

/** A group of bars per channel, named as the dashboard names channels. */
function channelBars(
  channels: readonly ChannelStats[],
  datasets: ChartDataset<'bar'>[],
  options: ChartOptions<'bar'>,
): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: { labels: channels.map((stats) => channelLabel(stats.channel)), datasets },
    options,
  };
}

/** Tick values of the wait axis, in minutes, with their labels. */
const WAIT_TICKS = new Map([
  [0.25, '15 s'],
  [1, '1 min'],
  [5, '5 min'],
  [15, '15 min'],
  [60, '1 h'],
  [240, '4 h'],
  [1440, '1 day'],
  [4320, '3 days'],
  [10080, '1 week'],
]);
const WAIT_TICK_LADDER = [...WAIT_TICKS.keys()];

/** The ladder's ticks from just below the shortest wait to just above the longest. */
export function waitTicks(minutes: readonly number[]): number[] {
  const positive = minutes.filter((value) => value > 0);
  if (positive.length === 0) return WAIT_TICK_LADDER.slice(0, 3);
  const low = Math.min(...positive);
  const high = Math.max(...positive);
  const first = Math.max(
    0,
    WAIT_TICK_LADDER.findLastIndex((tick) => tick <= low),
  );
  const last = WAIT_TICK_LADDER.findIndex((tick) => tick >= high);
  return WAIT_TICK_LADDER.slice(first, last < 0 ? WAIT_TICK_LADDER.length : last + 1);
}

/**
 * Waits are charted in minutes on a logarithmic axis, because chat answers in minutes and email in a day;
 * channels that never record a handling time are left out.
 */
export function buildWaitTimeDataset(
  response: ChannelsResponse,
  palette: ChartPalette,
): { config: ChartConfiguration<'bar'>; table: TableModel } {
  const channels = response.channels.filter((stats) => stats.medianWaitSeconds !== null);
  const minutes = (seconds: number | null) => (seconds === null ? 0 : seconds / 60);
  const ticks = waitTicks(
    channels.flatMap((stats) => [minutes(stats.medianWaitSeconds), minutes(stats.p90WaitSeconds)]),
  );
  const options = barChartOptions(palette, {
    formatValue: (value) => formatDuration(value * 60),
    formatTick: (value) => WAIT_TICKS.get(value) ?? formatDuration(value * 60),
    logTicks: ticks,
  });
  const datasets = [
    {
      label: 'Median wait',
      data: channels.map((stats) => minutes(stats.medianWaitSeconds)),
      backgroundColor: seriesColor(palette, 1),
    },
    {
      label: '90th percentile wait',
      data: channels.map((stats) => minutes(stats.p90WaitSeconds)),
      backgroundColor: seriesColor(palette, 0),
    },
  ];
  return {
    config: channelBars(channels, datasets, options),
    table: {
      columns: [
        { key: 'channel', label: 'Channel' },
        { key: 'median', label: 'Median wait', numeric: true },
        { key: 'p90', label: '90th percentile', numeric: true },
      ],
      rows: channels.map((stats) => ({
        channel: channelLabel(stats.channel),
        median: formatDuration(stats.medianWaitSeconds),
        p90: formatDuration(stats.p90WaitSeconds),
      })),
    },
  };
}

export function buildAgentTable(agents: readonly AgentStats[]): TableModel {
  return handlingTable(
    'Agent',
    agents.map((stats) => ({ name: stats.agentId, stats })),
  );
}

function handlingTable(
  nameLabel: string,
  rows: { name: string; stats: ChannelStats | AgentStats }[],
): TableModel {
  return {
    columns: [
      { key: 'name', label: nameLabel },
      { key: 'requests', label: 'Requests', numeric: true },
      { key: 'retained', label: 'Retained', numeric: true },
      { key: 'saveRate', label: 'Save rate (95% interval)', numeric: true },
      { key: 'median', label: 'Median wait', numeric: true },
      { key: 'p90', label: 'P90 wait', numeric: true },
      { key: 'followUp', label: 'Follow-up response', numeric: true },
      { key: 'score', label: 'Follow-up score (0–10)', numeric: true },
    ],
    rows: rows.map(({ name, stats }) => ({
      name,
      requests: formatCount(stats.requests),
      retained: formatCount(stats.retained),
      saveRate: formatRateWithInterval(saveRateWithInterval(stats)),
      median: formatDuration(stats.medianWaitSeconds),
      p90: formatDuration(stats.p90WaitSeconds),
      followUp: formatPercent(stats.followUpResponseRate),
      score: formatDecimal(stats.followUpAvgScore),
    })),
  };
}
