/** A rate with its interval and sample size as one readable phrase, e.g. "42.1% (35–49%), n=180". */
import { formatPercent } from '../../format/number-format.ts';
import type { OfferRate } from './offers-data.ts';

export function describeRate(rate: OfferRate): string {
  if (rate.rate === null) return `no trials (n=0)`;
  const interval =
    rate.low === null || rate.high === null
      ? ''
      : ` (${formatPercent(rate.low)}–${formatPercent(rate.high)})`;
  return `${formatPercent(rate.rate)}${interval}, n=${rate.n}${rate.smallSample ? ', small sample' : ''}`;
}
