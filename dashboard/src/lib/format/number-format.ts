/** How numbers read on the dashboard: one formatter per kind so tiles, tables and tooltips agree. */
import {
  BELOW_SMALLEST_SHOWN,
  SMALLEST_SHOWN_RATIO,
  signedChange,
} from '@churnlens/models/report/figure-format';

const countFormat = new Intl.NumberFormat('en-US');
// Fixed decimals, as the insight report writes them: "13%" beside "23.8%" in one column reads as a
// different precision, and the report would say "13.0%" for the same figure.
const percentFormat = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const wholePercentFormat = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });
const oneDecimalFormat = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const decimalFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatCount(value: number): string {
  return countFormat.format(value);
}

const compactCountFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/**
 * A count for axis ticks: "500", "15K", "1.2M". Full counts ("15,000") beside each other overlap on a
 * horizontal axis of a half-width card.
 */
export function formatCountCompact(value: number): string {
  return compactCountFormat.format(value);
}

/**
 * A rate in [0, 1] as a percentage; "–" when there is no rate (nothing to divide by). Under 0.1% it reads
 * "<0.1%" rather than "0%", as in the insight report, so a share that is small is not shown as none.
 */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '–';
  if (rate > 0 && rate < SMALLEST_SHOWN_RATIO) return BELOW_SMALLEST_SHOWN;
  return percentFormat.format(rate);
}

/**
 * A relative change with its sign, to one decimal: "+12.5%", "−3.0%"; "0.0%" when it rounds to zero, signed
 * neither way, as in the insight report.
 */
export function formatSignedPercent(change: number): string {
  return signedChange(percentFormat.format(Math.abs(change)), change);
}

/** A percentage axis tick, in whole percent: "10%", not "10.0%" on every gridline. */
export function formatPercentTick(rate: number): string {
  return wholePercentFormat.format(rate);
}

export function formatDecimal(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  // -0.004 rounds to "-0.00", which reads as a finding; it is zero.
  const rounded = Math.round(value * 100) / 100;
  // A minus sign, as the changes beside it are written ("−25.0%"), not Intl's hyphen.
  return decimalFormat.format(rounded === 0 ? 0 : rounded).replace('-', '−');
}

/** Money with whole units, e.g. "$12,340"; cents only matter below 100, and none is "$0", not "$0.00". */
export function formatMoney(amount: number, currency: string): string {
  const cents = amount !== 0 && Math.abs(amount) < 100;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: cents ? 2 : 0,
  }).format(amount);
}

export type ChangeDirection = 'up' | 'down' | 'flat' | 'none';

export interface Change {
  direction: ChangeDirection;
  /** e.g. "+12.5% vs previous period", "no previous data". */
  text: string;
}

/** The relative change from the previous period's value to the current one. */
export function describeChange(current: number, previous: number | null | undefined): Change {
  if (previous === null || previous === undefined) return { direction: 'none', text: 'no previous period' };
  if (previous === 0) {
    return current === 0
      ? { direction: 'flat', text: 'unchanged vs previous period' }
      : { direction: 'up', text: 'new vs previous period (was 0)' };
  }
  const relative = (current - previous) / Math.abs(previous);
  if (Math.abs(relative) < 0.0005) return { direction: 'flat', text: 'unchanged vs previous period' };
  return {
    direction: relative > 0 ? 'up' : 'down',
    text: `${formatSignedPercent(relative)} vs previous period`,
  };
}

/** The change of a rate in percentage points, which reads better than a relative change of a percentage. */
export function describeRateChange(current: number | null, previous: number | null | undefined): Change {
  if (current === null) return { direction: 'none', text: 'no requests in this period' };
  if (previous === null || previous === undefined) return { direction: 'none', text: 'no previous period' };
  const points = (current - previous) * 100;
  if (Math.abs(points) < 0.05) return { direction: 'flat', text: 'unchanged vs previous period' };
  return {
    direction: points > 0 ? 'up' : 'down',
    text: `${signedChange(oneDecimalFormat.format(Math.abs(points)), points)} pts vs previous period`,
  };
}

/** A wait in seconds as minutes or hours, e.g. "45 s", "12 min", "3.5 h"; "–" without handled requests. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${oneDecimalFormat.format(seconds / 3600)} h`;
  return `${oneDecimalFormat.format(seconds / 86400)} d`;
}

/** Money for axis ticks: "$0", "$50k", "$1.2M". */
export function formatMoneyCompact(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    notation: 'compact',
    minimumFractionDigits: 0,
    maximumFractionDigits: 1,
  }).format(amount);
}
