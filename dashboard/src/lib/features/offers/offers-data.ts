/** The offers response as the typed client infers it, and the rate measures the page compares. */
import type { ApiClient, ResponseOf } from '../../api/client.ts';

export type OffersResponse = ResponseOf<ApiClient['api']['offers']['$get']>;
export type OfferStats = OffersResponse['offers'][number];
export type OfferRate = OfferStats['acceptanceRate'];

export const RATE_MEASURES = [
  { key: 'acceptance', label: 'Accepted', pick: (stats: OfferStats) => stats.acceptanceRate },
  { key: 'savedAt30', label: 'Saved at 30 days', pick: (stats: OfferStats) => stats.savedAt30 },
  { key: 'savedAt60', label: 'Saved at 60 days', pick: (stats: OfferStats) => stats.savedAt60 },
  { key: 'savedAt90', label: 'Saved at 90 days', pick: (stats: OfferStats) => stats.savedAt90 },
] as const;

export type RateMeasureKey = (typeof RATE_MEASURES)[number]['key'];
export const RATE_MEASURE_KEYS = RATE_MEASURES.map((measure) => measure.key) as RateMeasureKey[];

export function rateMeasure(key: RateMeasureKey) {
  return RATE_MEASURES.find((measure) => measure.key === key) ?? RATE_MEASURES[0];
}
