/**
 * Emerging phrases as table rows: counts and shares of both periods, the change, and its significance: the
 * p-value adjusted for every phrase tested (qValue), since among hundreds of phrases some rise by chance. When
 * the API does not compare the periods (notCompared), a row says "not compared" where it would show the
 * change, and shows no previous figures or test; the paragraph above the table says why, once rather than on
 * each of fifteen rows. A row also names the phrases of the same theme the API listed under it.
 */
import { formatPValue, quotePhrases } from '@churnlens/models/report/figure-format';
import { SIGNIFICANCE_LEVEL } from '@churnlens/models/report/period-change';
import { formatCount, formatPercent, formatSignedPercent } from '../../format/number-format.ts';
import { formatPeriodKey } from '../../format/period-format.ts';
import type { EmergingTheme, ThemesResponse } from './themes-data.ts';

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
  /** The colour the sparkline is drawn in (see TrendTone). */
  trendTone: TrendTone;
  examples: string[];
  /** The phrases folded into this one, quoted (“forced”, “sidebar”); empty when none. */
  related: string;
}

/**
 * 'rising' or 'falling' by the series' last week against its first; 'neutral' when the periods are not
 * compared, since the page then calls no phrase rising and a rising colour would say it did.
 */
export type TrendTone = 'rising' | 'falling' | 'neutral';

const NOT_SHOWN = '—';

export function buildThemeRows(response: Pick<ThemesResponse, 'emerging' | 'notCompared'>): ThemeRow[] {
  return response.emerging.map((theme) => {
    const trend = theme.weekly.map((week) => week.share ?? 0);
    return {
      phrase: theme.phrase,
      current: countAndShare(theme.current, theme.currentShare),
      ...comparison(theme, response.notCompared),
      trend,
      trendLabel: `Weekly share: ${theme.weekly
        .map(
          (week) =>
            `week of ${formatPeriodKey(week.week)} ${week.share === null ? 'no verbatims' : formatPercent(week.share)}`,
        )
        .join(', ')}`,
      trendTone: trendTone(trend, response.notCompared),
      examples: theme.examples,
      related: quotePhrases(theme.related),
    };
  });
}

function trendTone(trend: readonly number[], notCompared: string | null): TrendTone {
  if (notCompared !== null) return 'neutral';
  return (trend.at(-1) ?? 0) >= (trend[0] ?? 0) ? 'rising' : 'falling';
}

function comparison(
  theme: EmergingTheme,
  notCompared: string | null,
): Pick<ThemeRow, 'previous' | 'change' | 'significance'> {
  // A phrase absent from days the data does not reach, or from a period without verbatims, is not new.
  if (notCompared !== null) {
    return { previous: NOT_SHOWN, change: 'not compared', significance: NOT_SHOWN };
  }
  return {
    previous: countAndShare(theme.previous, theme.previousShare),
    change: theme.growth === null ? 'new' : formatSignedPercent(theme.growth),
    significance: significance(theme.qValue),
  };
}

/** "q = 0.012", or for a rise that is not significant "q = 0.41, could be noise" (as the report marks it). */
function significance(qValue: number | null): string {
  if (qValue === null) return NOT_SHOWN;
  const shown = formatPValue(qValue, 'q');
  return qValue < SIGNIFICANCE_LEVEL ? shown : `${shown}, could be noise`;
}

/** "40 (8.0%)"; the count alone when there is no share (a period without verbatims). */
function countAndShare(count: number, share: number | null): string {
  return share === null ? formatCount(count) : `${formatCount(count)} (${formatPercent(share)})`;
}
