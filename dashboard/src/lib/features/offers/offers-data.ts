/** The offers response as the typed client infers it, and the rate measures the page compares. */
import type { ApiClient, ResponseOf } from '../../api/client.ts';

export type OffersResponse = ResponseOf<ApiClient['api']['offers']['$get']>;
export type OfferStats = OffersResponse['offers'][number];
export type OfferRate = OfferStats['acceptanceRate'];

/**
 * Every measure is a share of the offers made, so an offer few customers accept cannot lead on the customers
 * it keeps (the API's savedAtN, kept among those who accepted, is not offered here for that reason). Kept at
 * N days counts only the offers old enough to judge, fewer than all presented, so it can read above the
 * acceptance; `outOf` names each measure's denominator (given how to name the newest request) where the
 * rates are shown, and `means` what counts as kept, which a retention lead otherwise reads as "said yes" or
 * "still a customer today".
 */
export const RATE_MEASURES = [
  {
    key: 'acceptance',
    label: 'Accepted',
    means: 'Accepted: the customer took the offer.',
    outOf: (_newest: string) => 'all offers presented',
    pick: (stats: OfferStats) => stats.acceptanceRate,
  },
  {
    key: 'keptAt30',
    label: 'Kept 30 days',
    means: keptMeans(30),
    outOf: (newest: string) => keptOutOf(30, newest),
    pick: (stats: OfferStats) => stats.keptAt30,
  },
  {
    key: 'keptAt60',
    label: 'Kept 60 days',
    means: keptMeans(60),
    outOf: (newest: string) => keptOutOf(60, newest),
    pick: (stats: OfferStats) => stats.keptAt60,
  },
  {
    key: 'keptAt90',
    label: 'Kept 90 days',
    means: keptMeans(90),
    outOf: (newest: string) => keptOutOf(90, newest),
    pick: (stats: OfferStats) => stats.keptAt90,
  },
] as const;

function keptMeans(days: number): string {
  return `Kept ${days} days: the customer accepted the offer and had not churned ${days} days after accepting; a declined offer, or one accepted on a request since cancelled, kept no one.`;
}

/**
 * The API's keptAtN trials (docs/metrics.md), `newest` naming the data end: an accepted offer waits until it
 * is N days old, as a save could not be seen sooner.
 */
function keptOutOf(days: number, newest: string): string {
  return `the offers made in months that ended at least ${days} days before ${newest}, accepted or declined, less those accepted fewer than ${days} days before it`;
}

export type RateMeasure = (typeof RATE_MEASURES)[number];
export type RateMeasureKey = RateMeasure['key'];
export const RATE_MEASURE_KEYS = RATE_MEASURES.map((measure) => measure.key) as RateMeasureKey[];

export function rateMeasure(key: RateMeasureKey): RateMeasure {
  return RATE_MEASURES.find((measure) => measure.key === key) ?? RATE_MEASURES[0];
}
