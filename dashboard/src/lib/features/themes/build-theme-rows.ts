/** Emerging phrases as table rows: counts and shares of both periods, the change, and its significance. */
import { formatPValue } from '@churnlens/models/report/figure-format';
import { formatCount, formatPercent, formatSignedPercent } from '../../format/number-format.ts';
import { formatPeriodKey } from '../../format/period-format.ts';
import type { EmergingTheme } from './themes-data.ts';

export interface ThemeRow {
  phrase: string;
  current: string;
  previous: string;
  change: string;
  significance: string;
  /** Weekly share of documents containing the phrase, across both periods, for the sparkline. */
  trend: number[];
  /** The same series in words, for assistive technology. */
  trendLabel: string;
  examples: string[];
}

export function buildThemeRows(themes: readonly EmergingTheme[]): ThemeRow[] {
  return themes.map((theme) => ({
    phrase: theme.phrase,
    current: `${formatCount(theme.current)} (${formatPercent(theme.currentShare)})`,
    previous: `${formatCount(theme.previous)} (${formatPercent(theme.previousShare)})`,
    change: theme.growth === null ? 'new' : formatSignedPercent(theme.growth),
    significance: formatPValue(theme.pValue),
    trend: theme.weekly.map((week) => week.share ?? 0),
    trendLabel: `Weekly share: ${theme.weekly
      .map(
        (week) =>
          `week of ${formatPeriodKey(week.week)} ${week.share === null ? 'no verbatims' : formatPercent(week.share)}`,
      )
      .join(', ')}`,
    examples: theme.examples,
  }));
}
