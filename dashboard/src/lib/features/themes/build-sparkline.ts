/** An SVG polyline for a short series, scaled to a fixed box; the value axis starts at zero so rises are honest. */
export interface Sparkline {
  points: { x: number; y: number }[];
  /** The `points` attribute of an SVG <polyline>. */
  polyline: string;
}

export function buildSparkline(
  values: readonly number[],
  width: number,
  height: number,
  padding = 3,
): Sparkline {
  const max = Math.max(0, ...values);
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
