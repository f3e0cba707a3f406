/** A rate with its interval and sample size as one readable phrase, e.g. "42.1% (35%–49%), n=180". */
import { formatCount, formatPercent } from './number-format.ts';

/** Offers' rates and channels' save rates alike: successes out of n, with a 95% interval. */
export interface RateWithInterval {
  rate: number | null;
  low: number | null;
  high: number | null;
  n: number;
  smallSample?: boolean;
}

/** "42.1% (35%–49%)", or the rate alone without an interval, "–" without a rate. */
export function formatRateWithInterval(rate: Omit<RateWithInterval, 'n'>): string {
  if (rate.low === null || rate.high === null) return formatPercent(rate.rate);
  return `${formatPercent(rate.rate)} (${formatPercent(rate.low)}–${formatPercent(rate.high)})`;
}

export function describeRate(rate: RateWithInterval): string {
  if (rate.rate === null) return `no trials (n=0)`;
  return `${formatRateWithInterval(rate)}, n=${formatCount(rate.n)}${rate.smallSample ? ', small sample' : ''}`;
}
