/** The four headline numbers of the overview, each with its change against the previous period. */
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
  /** Whether the change is good news: fewer cancellations and less MRR lost are, a higher save rate is. */
  tone: 'good' | 'bad' | 'neutral';
  /** The previous period's value, for the tile's description. */
  previous: string;
}

export function buildKpiTiles(summary: SummaryResponse): KpiTile[] {
  const money = (amount: number) => formatMoney(amount, summary.currency);
  const { previous } = summary;
  return [
    tile(
      'Cancel requests',
      formatCount(summary.cancelRequests),
      formatCount(previous.cancelRequests),
      describeChange(summary.cancelRequests, previous.cancelRequests),
      'down',
    ),
    tile(
      'Save rate',
      formatPercent(summary.saveRate),
      formatPercent(previous.saveRate),
      describeRateChange(summary.saveRate, previous.saveRate),
      'up',
    ),
    tile(
      'MRR lost',
      money(summary.mrrLost),
      money(previous.mrrLost),
      describeChange(summary.mrrLost, previous.mrrLost),
      'down',
    ),
    tile(
      'MRR retained',
      money(summary.mrrRetained),
      money(previous.mrrRetained),
      describeChange(summary.mrrRetained, previous.mrrRetained),
      'up',
    ),
  ];
}

function tile(
  label: string,
  value: string,
  previous: string,
  change: Change,
  goodDirection: 'up' | 'down',
): KpiTile {
  const tone =
    change.direction === 'up' || change.direction === 'down'
      ? change.direction === goodDirection
        ? 'good'
        : 'bad'
      : 'neutral';
  return { label, value, previous, change, tone };
}
