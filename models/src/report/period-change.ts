/**
 * How a report compares a period with the one before it (the same number of days ending the day before,
 * chosen by the API's reporting period): changes are relative for counts and amounts and in rate points for
 * ratios, and a change is significant only when a test says it is unlikely to be noise (two-sided p < 0.05).
 */
import { twoSidedPValue } from '../metrics/normal-distribution.ts';
import { twoProportionZTest } from '../metrics/two-proportion-z-test.ts';
import type { ComparedPeriods } from '../reporting-period.ts';
import type { FigureUnit, ReportPeriod } from './insight-report.ts';

export const SIGNIFICANCE_LEVEL = 0.05;

const DAY_MS = 86_400_000;

function dayNumber(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}

/** The period from `from` to `to`, both inclusive. */
export function reportPeriod(from: string, to: string): ReportPeriod {
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`the period ${from}..${to} is empty`);
  return { from, to, days };
}

/**
 * Why the two periods cannot be compared, or null when they can. A previous period that starts before the
 * oldest request counts nothing, or only its last days, and a period that ends after the newest one only
 * its first: either would read as a rise or a fall that never happened. A period still being ingested is
 * not compared as a whole either, but the reason says how much of it the data covers ("12 of the period's
 * 31 days"), so its figures are read as the part they are, and the covered days can be reported on their own.
 */
export function comparisonGap(
  period: ReportPeriod,
  previous: ReportPeriod,
  dataSpan: { from: string; to: string } | null,
): string | null {
  if (dataSpan === null) return 'there is no data';
  if (previous.from < dataSpan.from) return `the data begins on ${dataSpan.from}`;
  if (period.to > dataSpan.to)
    return `the data ends on ${dataSpan.to}, ${periodCoverage(period, dataSpan.to)}`;
  return null;
}

/** comparisonGap of the periods the API's reporting period chose (comparedPeriods): its `notCompared`. */
export function comparedPeriodsGap(
  periods: ComparedPeriods,
  dataSpan: { from: string; to: string } | null,
): string | null {
  const { current, previous } = periods;
  return comparisonGap(
    reportPeriod(current.from, current.to),
    reportPeriod(previous.from, previous.to),
    dataSpan,
  );
}

/** How much of `period` data ending on `dataEnd` covers: "12 of the period's 31 days". */
function periodCoverage(period: ReportPeriod, dataEnd: string): string {
  if (dataEnd < period.from) return 'before the period begins';
  const covered = dayNumber(dataEnd) - dayNumber(period.from) + 1;
  return `${covered} of the period’s ${period.days} days`;
}

/**
 * Change from `previous` to `current`: relative (0.32 = +32%) for counts, amounts and minutes, a
 * difference (0.045 = +4.5 points) for ratios. Null when either side is missing or a relative change
 * would divide by zero.
 */
export function periodChange(
  current: number | null,
  previous: number | null,
  unit: FigureUnit,
): number | null {
  if (current === null || previous === null) return null;
  if (unit === 'ratio') return current - previous;
  if (previous === 0) return null;
  return (current - previous) / previous;
}

/**
 * Are two event counts over periods of equal length different? Conditional on their total, the current
 * count is binomial with p = 1/2 under "same rate"; the normal approximation is fine because a count small
 * enough to break it can never reach significance anyway.
 */
export function countChangeIsSignificant(current: number, previous: number): boolean {
  const total = current + previous;
  if (total === 0) return false;
  const z = (current - previous) / Math.sqrt(total);
  return twoSidedPValue(z) < SIGNIFICANCE_LEVEL;
}

/** Is the rate `successes / trials` different between the two periods (pooled two-proportion z-test)? */
export function rateChangeIsSignificant(
  current: { successes: number; trials: number },
  previous: { successes: number; trials: number },
): boolean {
  const test = twoProportionZTest(current.successes, current.trials, previous.successes, previous.trials);
  return test.pValue < SIGNIFICANCE_LEVEL;
}
