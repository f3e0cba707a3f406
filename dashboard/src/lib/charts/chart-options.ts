/** Axis, legend and tooltip settings shared by every chart, coloured from the active theme's palette. */
import type { ChartOptions } from 'chart.js';
import { formatCountCompact } from '../format/number-format.ts';
import type { ChartPalette } from './chart-palette.ts';

export interface AxisOptions {
  stacked?: boolean;
  /** How a value reads in tooltips (and on the axis, unless `formatTick` is given). */
  formatValue?: (value: number) => string;
  /** A shorter form for axis ticks, e.g. "$50K" where tooltips say "$50,321". */
  formatTick?: (value: number) => string;
  /** Bars run left to right instead of bottom to top. */
  horizontal?: boolean;
  valueMax?: number;
  /**
   * A logarithmic value axis with ticks at exactly these values, for quantities spanning orders of
   * magnitude (waits of seconds next to waits of a day). chart-setup.ts registers LogarithmicScale.
   */
  logTicks?: readonly number[];
  legend?: boolean;
  /**
   * The values are counts: ticks at whole numbers only (a handful of requests must not read 0.2, 0.4 …), in
   * the compact form ("15K") unless `formatTick` is given.
   */
  counts?: boolean;
  /**
   * The category axis label of the bar at `index`, when it must be shorter than the data's label (a name from
   * the data can be longer than the axis is wide); tooltips and the data table keep the full label.
   */
  formatCategory?: (index: number) => string;
}

/** The value axis: from zero, or logarithmic at `logTicks`; ticks in the axis's format. */
function valueScale(palette: ChartPalette, axis: AxisOptions) {
  const formatTick = axis.formatTick ?? (axis.counts ? formatCountCompact : axis.formatValue);
  return {
    stacked: axis.stacked ?? false,
    ...(axis.logTicks
      ? {
          type: 'logarithmic' as const,
          min: axis.logTicks[0],
          max: axis.logTicks.at(-1),
          afterBuildTicks: (scale: { ticks: { value: number }[] }) => {
            scale.ticks = (axis.logTicks ?? []).map((value) => ({ value }));
          },
        }
      : { beginAtZero: true }),
    ...(axis.valueMax === undefined ? {} : { max: axis.valueMax }),
    ticks: {
      color: palette.muted,
      maxRotation: 0,
      ...(axis.counts ? { precision: 0 } : {}),
      ...(formatTick ? { callback: (value: string | number) => formatTick(Number(value)) } : {}),
    },
    grid: { color: palette.grid },
    border: { color: palette.grid },
  };
}

function categoryScale(palette: ChartPalette, axis: AxisOptions) {
  return {
    stacked: axis.stacked ?? false,
    // Turned on a narrow screen rather than left out: a bar without its label cannot be told apart.
    ticks: {
      color: palette.muted,
      autoSkip: true,
      maxRotation: 90,
      ...(axis.formatCategory
        ? { callback: (_value: string | number, index: number) => axis.formatCategory?.(index) }
        : {}),
    },
    grid: { display: false },
    border: { color: palette.grid },
  };
}

function legendAndTooltip(palette: ChartPalette, axis: AxisOptions) {
  return {
    legend: {
      display: axis.legend ?? true,
      position: 'bottom' as const,
      labels: { color: palette.text, boxWidth: 12, boxHeight: 12 },
    },
    tooltip: axis.formatValue
      ? {
          callbacks: {
            label: (item: {
              parsed: { x: number | null; y: number | null };
              dataset: { label?: string };
            }) => {
              const value = axis.horizontal ? item.parsed.x : item.parsed.y;
              return `${item.dataset.label ?? ''}: ${axis.formatValue?.(value ?? 0)}`;
            },
          },
        }
      : {},
  };
}

export function barChartOptions(palette: ChartPalette, axis: AxisOptions = {}): ChartOptions<'bar'> {
  const value = valueScale(palette, axis);
  const category = categoryScale(palette, axis);
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    indexAxis: axis.horizontal ? 'y' : 'x',
    scales: axis.horizontal ? { x: value, y: category } : { x: category, y: value },
    plugins: legendAndTooltip(palette, axis),
  };
}

/** A trend: periods along the bottom, a line per series, and one tooltip listing every series at a period. */
export function lineChartOptions(
  palette: ChartPalette,
  axis: Pick<AxisOptions, 'formatValue' | 'formatTick' | 'valueMax' | 'legend'> = {},
): ChartOptions<'line'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    scales: { x: categoryScale(palette, axis), y: valueScale(palette, axis) },
    plugins: legendAndTooltip(palette, axis),
  };
}
