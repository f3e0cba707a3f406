/** The offers response as the typed client infers it, and the rate measures the page compares. */
import type { ApiClient, ResponseOf } from '../../api/client.ts';

export type OffersResponse = ResponseOf<ApiClient['api']['offers']['$get']>;
export type OfferStats = OffersResponse['offers'][number];
export type OfferRate = OfferStats['acceptanceRate'];

/**
 * Every measure is a share of the offers made, so an offer few customers accept cannot lead on the customers
 * it keeps (the API's savedAtN, kept among those who accepted, is not offered here for that reason). Kept at
 * N days counts only the offers old enough to judge, fewer than all presented, so it can read above the
 * acceptance; `outOf` names each measure's denominator where the rates are shown.
 */
export const RATE_MEASURES = [
  {
    key: 'acceptance',
    label: 'Accepted',
    outOf: 'all offers presented',
    pick: (stats: OfferStats) => stats.acceptanceRate,
  },
  {
    key: 'keptAt30',
    label: 'Kept 30 days',
    outOf: keptOutOf(30),
    pick: (stats: OfferStats) => stats.keptAt30,
  },
  {
    key: 'keptAt60',
    label: 'Kept 60 days',
    outOf: keptOutOf(60),
    pick: (stats: OfferStats) => stats.keptAt60,
  },
  {
    key: 'keptAt90',
    label: 'Kept 90 days',
    outOf: keptOutOf(90),
    pick: (stats: OfferStats) => stats.keptAt90,
  },
] as const;

function keptOutOf(days: number): string {
  return `the offers made in months that ended at least ${days} days before the newest request`;
}

export type RateMeasure = (typeof RATE_MEASURES)[number];
export type RateMeasureKey = RateMeasure['key'];
export const RATE_MEASURE_KEYS = RATE_MEASURES.map((measure) => measure.key) as RateMeasureKey[];

export function rateMeasure(key: RateMeasureKey): RateMeasure {
  return RATE_MEASURES.find((measure) => measure.key === key) ?? RATE_MEASURES[0];
}
