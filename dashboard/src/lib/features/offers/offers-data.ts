/** The offers response as the typed client infers it, and the rate measures the page compares. */
import type { ApiClient, ResponseOf } from '../../api/client.ts';

export type OffersResponse = ResponseOf<ApiClient['api']['offers']['$get']>;
export type OfferStats = OffersResponse['offers'][number];
export type OfferRate = OfferStats['acceptanceRate'];

/**
 * Every measure is a share of the offers made, so an offer few customers accept cannot lead on the customers
 * it keeps (the API's savedAtN, kept among those who accepted, is not offered here for that reason).
 */
export const RATE_MEASURES = [
  { key: 'acceptance', label: 'Accepted', pick: (stats: OfferStats) => stats.acceptanceRate },
  { key: 'keptAt30', label: 'Kept 30 days', pick: (stats: OfferStats) => stats.keptAt30 },
  { key: 'keptAt60', label: 'Kept 60 days', pick: (stats: OfferStats) => stats.keptAt60 },
  { key: 'keptAt90', label: 'Kept 90 days', pick: (stats: OfferStats) => stats.keptAt90 },
] as const;

export type RateMeasureKey = (typeof RATE_MEASURES)[number]['key'];
export const RATE_MEASURE_KEYS = RATE_MEASURES.map((measure) => measure.key) as RateMeasureKey[];

export function rateMeasure(key: RateMeasureKey) {
  return RATE_MEASURES.find((measure) => measure.key === key) ?? RATE_MEASURES[0];
}
