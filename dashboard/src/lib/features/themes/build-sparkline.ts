/**
 * An SVG polyline for a short series in a fixed box. The value axis starts at zero, and sparklines shown
 * side by side share one `max` so their slopes compare.
 */
export interface Sparkline {
  points: { x: number; y: number }[];
  /** The `points` attribute of an SVG <polyline>. */
  polyline: string;
}

export interface SparklineBox {
  width: number;
  height: number;
  padding?: number;
  /** The value drawn at the top; defaults to the series' own largest value. */
  max?: number;
}

export function buildSparkline(values: readonly number[], box: SparklineBox): Sparkline {
  const { width, height, padding = 3 } = box;
  const max = box.max ?? Math.max(0, ...values);
  const innerWidth = width - 2 * padding;
  const innerHeight = height - 2 * padding;
  const step = values.length > 1 ? innerWidth / (values.length - 1) : 0;
  const points = values.map((value, index) => ({
    x: round(padding + (values.length > 1 ? index * step : innerWidth / 2)),
    y: round(padding + innerHeight - (max === 0 ? 0 : (value / max) * innerHeight)),
  }));
  return { points, polyline: points.map((point) => `${point.x},${point.y}`).join(' ') };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
