/**
 * Which retention offer works best for a cancellation reason. Offers are ranked by a success rate
 * (acceptance, or saved at N days) among cells with enough samples to mean something, and the leader is
 * tested against the runner-up so a dashboard can say whether the lead is more than noise.
 */
import { type ProportionInterval, wilsonInterval } from './proportion-interval.ts';
import { twoProportionZTest } from './two-proportion-z-test.ts';

/**
 * Below this many trials a cell is flagged `smallSample`: its Wilson interval is typically wider than
 * ±15 points, so it is shown but never declared the best offer.
 */
export const SMALL_SAMPLE_THRESHOLD = 30;

export interface RateWithInterval extends ProportionInterval {
  successes: number;
  n: number;
  smallSample: boolean;
}

export function rateWithInterval(successes: number, n: number): RateWithInterval {
  return { successes, n, ...wilsonInterval(successes, n), smallSample: n < SMALL_SAMPLE_THRESHOLD };
}

export interface OfferCandidate<T extends string = string> {
  offerType: T;
  successes: number;
  n: number;
}

export interface BestOffer<T extends string = string> {
  offerType: T;
  rate: number;
  n: number;
  /** The next best offer with enough samples; null when only one offer qualifies. */
  runnerUp: { offerType: T; rate: number; n: number } | null;
  /** Two-sided p-value of the two-proportion z-test best vs runner-up; null without a runner-up. */
  pValue: number | null;
}

/**
 * Picks the offer with the highest rate among candidates with at least {@link SMALL_SAMPLE_THRESHOLD}
 * trials; ties go to the larger sample, then alphabetically so the answer is stable. Null when none qualifies.
 */
export function bestOffer<T extends string>(candidates: readonly OfferCandidate<T>[]): BestOffer<T> | null {
  const ranked = candidates
    .filter((candidate) => candidate.n >= SMALL_SAMPLE_THRESHOLD)
    .map((candidate) => ({ ...candidate, rate: candidate.successes / candidate.n }))
    .sort((a, b) => b.rate - a.rate || b.n - a.n || a.offerType.localeCompare(b.offerType));
  const [best, runnerUp] = ranked;
  if (!best) return null;
  const summary = { offerType: best.offerType, rate: best.rate, n: best.n };
  if (!runnerUp) return { ...summary, runnerUp: null, pValue: null };
  const test = twoProportionZTest(best.successes, best.n, runnerUp.successes, runnerUp.n);
  return {
    ...summary,
    runnerUp: { offerType: runnerUp.offerType, rate: runnerUp.rate, n: runnerUp.n },
    pValue: test.pValue,
  };
}
