/**
 * The four headline numbers of the overview, each with its change against the previous period. Only a change
 * a test calls significant (the report's tests, p < 0.05) is coloured as good or bad news; the others say they
 * could be noise, so a PM does not chase a 0.3-point wobble.
 */
import { countChangeIsSignificant, rateChangeIsSignificant } from '@churnlens/models/report/period-change';
import {
  type Change,
  describeChange,
  describeRateChange,
  formatCount,
  formatMoney,
  formatPercent,
} from '../../format/number-format.ts';
import type { SummaryResponse } from './overview-data.ts';

export interface KpiTile {
  label: string;
  value: string;
  change: Change;
  /**
   * Whether a significant change is good news: fewer cancellations and less MRR lost are, a higher save rate
   * is. Neutral when unchanged or possibly noise; money, which has no simple test, always.
   */
  tone: 'good' | 'bad' | 'neutral';
  /** The previous period's value, for the tile's description. */
  previous: string;
}

export function buildKpiTiles(summary: SummaryResponse): KpiTile[] {
  const tiles = comparedKpiTiles(summary);
  const { notCompared } = summary;
  // A previous period the data does not cover would show a rise or a fall that never happened (docs/api.md).
  if (notCompared === null) return tiles;
  const change: Change = { direction: 'none', text: `not compared: ${notCompared}` };
  return tiles.map((kpi) => ({ ...kpi, change, tone: 'neutral' }));
}

function comparedKpiTiles(summary: SummaryResponse): KpiTile[] {
  const money = (amount: number) => formatMoney(amount, summary.currency);
  const { previous } = summary;
  return [
    tile(
      'Cancel requests',
      formatCount(summary.cancelRequests),
      formatCount(previous.cancelRequests),
      describeChange(summary.cancelRequests, previous.cancelRequests),
      {
        good: 'down',
        significant: countChangeIsSignificant(summary.cancelRequests, previous.cancelRequests),
      },
    ),
    tile(
      'Save rate',
      formatPercent(summary.saveRate),
      formatPercent(previous.saveRate),
      describeRateChange(summary.saveRate, previous.saveRate),
      {
        good: 'up',
        significant: rateChangeIsSignificant(
          { successes: summary.retained, trials: summary.cancelRequests },
          { successes: previous.retained, trials: previous.cancelRequests },
        ),
      },
    ),
    tile(
      'MRR lost',
      money(summary.mrrLost),
      money(previous.mrrLost),
      describeChange(summary.mrrLost, previous.mrrLost),
      null,
    ),
    tile(
      'MRR retained',
      money(summary.mrrRetained),
      money(previous.mrrRetained),
      describeChange(summary.mrrRetained, previous.mrrRetained),
      null,
    ),
  ];
}

/** `test` is null for a figure no test can judge (money). */
function tile(
  label: string,
  value: string,
  previous: string,
  change: Change,
  test: { good: 'up' | 'down'; significant: boolean } | null,
): KpiTile {
  const moved = change.direction === 'up' || change.direction === 'down';
  if (!moved || test === null) return { label, value, previous, change, tone: 'neutral' };
  if (!test.significant) {
    return {
      label,
      value,
      previous,
      change: { ...change, text: `${change.text}, could be noise` },
      tone: 'neutral',
    };
  }
  return { label, value, previous, change, tone: change.direction === test.good ? 'good' : 'bad' };
}
