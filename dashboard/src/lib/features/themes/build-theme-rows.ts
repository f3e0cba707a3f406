/** Emerging phrases as table rows: counts and shares of both periods, the change, and its significance. */
import { formatCount, formatPercent } from '../../format/number-format.ts';
import type { EmergingTheme } from './themes-data.ts';

export interface ThemeRow {
  phrase: string;
  current: string;
  previous: string;
  change: string;
  significance: string;
  /** Share of documents containing the phrase, previous period then current, for the sparkline. */
  trend: [number, number];
  examples: string[];
}

export function buildThemeRows(themes: readonly EmergingTheme[]): ThemeRow[] {
  return themes.map((theme) => ({
    phrase: theme.phrase,
    current: `${formatCount(theme.current)} (${formatPercent(theme.currentShare)})`,
    previous: `${formatCount(theme.previous)} (${formatPercent(theme.previousShare)})`,
    change:
      theme.growth === null
        ? 'new'
        : `${theme.growth >= 0 ? '+' : '−'}${formatPercent(Math.abs(theme.growth))}`,
    significance: theme.pValue < 0.001 ? 'p < 0.001' : `p = ${theme.pValue.toFixed(3)}`,
    trend: [theme.previousShare, theme.currentShare],
    examples: theme.examples,
  }));
}
