/**
 * The PDF report's charts, drawn by chart.js on an @napi-rs/canvas canvas in the server process and encoded
 * as PNG. Charts are static pictures: no animation, no responsiveness, a white background, and twice the
 * pixel density of their size on the page so they stay sharp when printed.
 */

import { channelLabel, offerLabel } from '@churnlens/models/labels';
import type { InsightReport, OfferRow } from '@churnlens/models/report/insight-report';
import { reasonLabel } from '@churnlens/models/taxonomy';
import { createCanvas } from '@napi-rs/canvas';
import { Chart, type ChartConfiguration, type ChartItem, type Plugin, registerables } from 'chart.js';
import { encodeOpaquePng } from './opaque-png.ts';

Chart.register(...registerables);
// Sizes are in PDF points: 8-9 pt labels match the tables printed beside the charts.
Chart.defaults.font.size = 8.5;
Chart.defaults.color = '#334155';

export const CHART_COLORS = {
  current: '#2563eb',
  previous: '#94a3b8',
  loss: '#dc2626',
  save: '#059669',
  faint: '#cbd5e1',
  whisker: '#0f172a',
  wait: '#d97706',
} as const;

const PIXEL_RATIO = 2;
/** Category axes must show every label: a skipped reason or offer name makes the chart unreadable. */
const EVERY_LABEL = { ticks: { autoSkip: false } };
const compactNumber = new Intl.NumberFormat('en-US', { notation: 'compact' });
const OFFER_CHART_REASONS = 4;

export interface ChartImage {
  png: Buffer;
  /** Size on the page, in points. */
  width: number;
  height: number;
}

const whiteBackground: Plugin = {
  id: 'whiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

function baseOptions(title: string, showLegend = true) {
  return {
    animation: false as const,
    responsive: false,
    devicePixelRatio: PIXEL_RATIO,
    plugins: {
      title: { display: true, text: title, font: { size: 10.5, weight: 'bold' as const }, color: '#0f172a' },
      legend: { display: showLegend, labels: { boxWidth: 10 } },
    },
  };
}

export function renderChart(config: ChartConfiguration, width: number, height: number): ChartImage {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  const chart = new Chart(context as unknown as ChartItem, {
    ...config,
    plugins: [whiteBackground, ...(config.plugins ?? [])],
  });
  try {
    // The white background makes every pixel opaque, so the alpha channel carries nothing.
    return { png: encodeOpaquePng(canvas.data(), canvas.width, canvas.height), width, height };
  } finally {
    chart.destroy();
  }
}

/** Requests per reason, this period against the previous one. */
export function reasonChart(report: InsightReport, width: number, height: number): ChartImage {
  const rows = [...report.reasons].sort((a, b) => b.current - a.current);
  return renderChart(
    {
      type: 'bar',
      data: {
        labels: rows.map((row) => row.label),
        datasets: [
          {
            label: 'This period',
            data: rows.map((row) => row.current),
            backgroundColor: CHART_COLORS.current,
          },
          {
            label: 'Previous period',
            data: rows.map((row) => row.previous),
            backgroundColor: CHART_COLORS.previous,
          },
        ],
      },
      options: {
        ...baseOptions('Cancellation requests by reason'),
        indexAxis: 'y',
        scales: { y: EVERY_LABEL },
      },
    },
    width,
    height,
  );
}

/** MRR lost per reason, in the report currency. */
export function mrrLostChart(report: InsightReport, width: number, height: number): ChartImage {
  const rows = [...report.reasons].sort((a, b) => b.mrrLost - a.mrrLost);
  return renderChart(
    {
      type: 'bar',
      data: {
        labels: rows.map((row) => row.label),
        datasets: [
          {
            label: `MRR lost (${report.currency})`,
            data: rows.map((row) => row.mrrLost),
            backgroundColor: CHART_COLORS.loss,
          },
        ],
      },
      options: {
        ...baseOptions(`MRR lost by reason (${report.currency})`, false),
        indexAxis: 'y',
        scales: {
          y: EVERY_LABEL,
          x: { ticks: { callback: (value) => compactNumber.format(Number(value)) } },
        },
      },
    },
    width,
    height,
  );
}

/** Draws each bar's 95% interval as a whisker with end caps, from the `intervals` of its dataset. */
function intervalWhiskers(intervals: readonly (readonly [number, number] | null)[]): Plugin<'bar'> {
  return {
    id: 'intervalWhiskers',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const x = chart.scales.x;
      const bars = chart.getDatasetMeta(0).data;
      if (!x) return;
      ctx.save();
      ctx.strokeStyle = CHART_COLORS.whisker;
      ctx.lineWidth = 1.2;
      intervals.forEach((interval, index) => {
        const bar = bars[index];
        if (!interval || !bar) return;
        const [low, high] = [x.getPixelForValue(interval[0]), x.getPixelForValue(interval[1])];
        const cap = 4;
        ctx.beginPath();
        ctx.moveTo(low, bar.y);
        ctx.lineTo(high, bar.y);
        ctx.moveTo(low, bar.y - cap);
        ctx.lineTo(low, bar.y + cap);
        ctx.moveTo(high, bar.y - cap);
        ctx.lineTo(high, bar.y + cap);
        ctx.stroke();
      });
      ctx.restore();
    },
  };
}

/** The offers charted: those for the most frequent reasons, best rate first within each reason. */
export function chartedOffers(report: InsightReport): OfferRow[] {
  const reasons = [...report.reasons]
    .sort((a, b) => b.current - a.current)
    .map((row) => row.reason)
    .filter((reason) => report.offers.some((offer) => offer.reason === reason && offer.rate !== null))
    .slice(0, OFFER_CHART_REASONS);
  return reasons.flatMap((reason) =>
    report.offers
      .filter((offer) => offer.reason === reason && offer.rate !== null)
      .sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0)),
  );
}

/** Acceptance rate per offer with its 95% interval; offers with too few presentations are drawn faint. */
export function offerChart(report: InsightReport, width: number, height: number): ChartImage {
  const rows = chartedOffers(report);
  const percent = (value: number | null) => (value === null ? 0 : value * 100);
  return renderChart(
    {
      type: 'bar',
      data: {
        labels: rows.map(
          (row) =>
            `${reasonLabel(row.reason)} · ${offerLabel(row.offerType)}${row.smallSample ? ' (too few)' : ''}`,
        ),
        datasets: [
          {
            label: 'Acceptance rate (bars) with 95% interval (whiskers)',
            data: rows.map((row) => percent(row.rate)),
            backgroundColor: rows.map((row) => (row.smallSample ? CHART_COLORS.faint : CHART_COLORS.save)),
          },
        ],
      },
      options: {
        ...baseOptions('Offer acceptance by reason'),
        indexAxis: 'y',
        scales: { y: EVERY_LABEL, x: { min: 0, max: 100, ticks: { callback: (value) => `${value}%` } } },
      },
      plugins: [
        intervalWhiskers(
          rows.map((row) =>
            row.low === null || row.high === null ? null : [percent(row.low), percent(row.high)],
          ),
        ) as Plugin,
      ],
    },
    width,
    height,
  );
}

/** Save rate per channel. */
export function channelSaveRateChart(report: InsightReport, width: number, height: number): ChartImage {
  const rows = report.channels.filter((row) => row.saveRate !== null);
  return renderChart(
    {
      type: 'bar',
      data: {
        labels: rows.map((row) => channelLabel(row.channel)),
        datasets: [
          {
            label: 'Save rate',
            data: rows.map((row) => (row.saveRate ?? 0) * 100),
            backgroundColor: CHART_COLORS.save,
          },
        ],
      },
      options: {
        ...baseOptions('Save rate by channel', false),
        scales: { x: EVERY_LABEL, y: { min: 0, ticks: { callback: (value) => `${value}%` } } },
      },
    },
    width,
    height,
  );
}

export interface WaitTick {
  /** Minutes. */
  value: number;
  label: string;
}

/**
 * Round times for the wait axis. Waits span four orders of magnitude (a self-serve minute, an e-mail day),
 * so the axis is logarithmic, and Chart.js's own log ticks (every 1–9 × 10ⁿ minutes) read poorly as times.
 */
const WAIT_TICKS: readonly WaitTick[] = [
  { value: 1 / 60, label: '1 s' },
  { value: 10 / 60, label: '10 s' },
  { value: 1, label: '1 min' },
  { value: 5, label: '5 min' },
  { value: 15, label: '15 min' },
  { value: 60, label: '1 h' },
  { value: 4 * 60, label: '4 h' },
  { value: 24 * 60, label: '1 day' },
  { value: 4 * 24 * 60, label: '4 days' },
  { value: 14 * 24 * 60, label: '2 weeks' },
  { value: 60 * 24 * 60, label: '60 days' },
  { value: 365 * 24 * 60, label: '1 year' },
];

/** The ticks from the last at or below the shortest wait to the first at or above the longest. */
export function waitAxisTicks(waits: readonly number[]): WaitTick[] {
  // A log axis has no zero.
  const positive = waits.filter((wait) => wait > 0);
  const low = WAIT_TICKS.findLastIndex((tick) => tick.value <= Math.min(...positive));
  const high = WAIT_TICKS.findIndex((tick) => tick.value >= Math.max(...positive));
  return WAIT_TICKS.slice(Math.max(low, 0), high === -1 ? undefined : high + 1);
}

/** Median and 90th-percentile time to handling per channel, whoever handled the request. */
export function channelWaitChartConfig(report: InsightReport): ChartConfiguration {
  const rows = report.channels.filter((row) => row.medianWaitMinutes !== null);
  const ticks = waitAxisTicks(
    rows.flatMap((row) => [row.medianWaitMinutes, row.p90WaitMinutes]).filter((wait) => wait !== null),
  );
  const tickLabels = new Map(ticks.map((tick) => [tick.value, tick.label]));
  return {
    type: 'bar',
    data: {
      labels: rows.map((row) => channelLabel(row.channel)),
      datasets: [
        {
          label: 'Median',
          data: rows.map((row) => row.medianWaitMinutes),
          backgroundColor: CHART_COLORS.wait,
        },
        {
          label: '90th percentile',
          data: rows.map((row) => row.p90WaitMinutes),
          backgroundColor: CHART_COLORS.faint,
        },
      ],
    },
    options: {
      ...baseOptions('Time from request to handling (log scale)'),
      scales: {
        x: EVERY_LABEL,
        y: {
          type: 'logarithmic',
          min: ticks[0]?.value,
          max: ticks.at(-1)?.value,
          afterBuildTicks: (axis) => {
            axis.ticks = ticks.map(({ value }) => ({ value }));
          },
          ticks: { autoSkip: false, callback: (value) => tickLabels.get(Number(value)) ?? '' },
        },
      },
    },
  };
}

export function channelWaitChart(report: InsightReport, width: number, height: number): ChartImage {
  return renderChart(channelWaitChartConfig(report), width, height);
}
