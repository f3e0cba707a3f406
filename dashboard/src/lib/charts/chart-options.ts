/** Axis, legend and tooltip settings shared by every chart, coloured from the active theme's palette. */
import type { ChartOptions } from 'chart.js';
import type { ChartPalette } from './chart-palette.ts';

interface AxisOptions {
  stacked?: boolean;
  /** Tick label formatter for the value axis. */
  formatValue?: (value: number) => string;
  /** Bars run left to right instead of bottom to top. */
  horizontal?: boolean;
  valueMax?: number;
  legend?: boolean;
}

export function barChartOptions(palette: ChartPalette, axis: AxisOptions = {}): ChartOptions<'bar'> {
  const valueTicks = {
    color: palette.muted,
    ...(axis.formatValue ? { callback: (value: string | number) => axis.formatValue?.(Number(value)) } : {}),
  };
  const categoryTicks = { color: palette.muted, autoSkip: true, maxRotation: 0 };
  const valueScale = {
    stacked: axis.stacked ?? false,
    beginAtZero: true,
    ...(axis.valueMax === undefined ? {} : { max: axis.valueMax }),
    ticks: valueTicks,
    grid: { color: palette.grid },
    border: { color: palette.grid },
  };
  const categoryScale = {
    stacked: axis.stacked ?? false,
    ticks: categoryTicks,
    grid: { display: false },
    border: { color: palette.grid },
  };
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    indexAxis: axis.horizontal ? 'y' : 'x',
    scales: axis.horizontal ? { x: valueScale, y: categoryScale } : { x: categoryScale, y: valueScale },
    plugins: {
      legend: {
        display: axis.legend ?? true,
        position: 'bottom',
        labels: { color: palette.text, boxWidth: 12, boxHeight: 12 },
      },
      tooltip: {
        ...(axis.formatValue
          ? {
              callbacks: {
                label: (item) => {
                  const value = axis.horizontal ? item.parsed.x : item.parsed.y;
                  return `${item.dataset.label ?? ''}: ${axis.formatValue?.(value ?? 0)}`;
                },
              },
            }
          : {}),
      },
    },
  };
}
