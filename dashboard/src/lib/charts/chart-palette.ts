/**
 * The colours a chart is drawn with. Canvas drawing cannot use CSS variables, so the palette is read from the
 * theme tokens (theme.css) whenever the theme changes; dataset builders take it as an argument and stay pure.
 */
import { EFFECTIVE_REASONS, type EffectiveReason } from '@churnlens/models/taxonomy';

export interface ChartPalette {
  /**
   * Nine categorical colours; reasons use them in taxonomy order, then "No reason given", so a reason keeps its
   * colour everywhere.
   */
  series: readonly string[];
  text: string;
  muted: string;
  grid: string;
  surface: string;
}

const SERIES_TOKENS = [
  '--chart-1',
  '--chart-2',
  '--chart-3',
  '--chart-4',
  '--chart-5',
  '--chart-6',
  '--chart-7',
  '--chart-8',
  '--chart-9',
];

/** Reads the palette of the theme currently applied to <html>. */
export function readChartPalette(): ChartPalette {
  const style = getComputedStyle(document.documentElement);
  const token = (name: string) => style.getPropertyValue(name).trim();
  return {
    series: SERIES_TOKENS.map(token),
    text: token('--text'),
    muted: token('--text-muted'),
    grid: token('--grid'),
    surface: token('--surface'),
  };
}

export function seriesColor(palette: ChartPalette, index: number): string {
  return palette.series[index % palette.series.length] ?? palette.text;
}

/** A reason's colour; a custom taxonomy's reason takes Other's. */
export function reasonColor(palette: ChartPalette, reason: string): string {
  const index = EFFECTIVE_REASONS.indexOf(reason as EffectiveReason);
  return seriesColor(palette, index < 0 ? EFFECTIVE_REASONS.indexOf('other') : index);
}
