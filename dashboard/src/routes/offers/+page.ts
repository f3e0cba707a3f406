import { createApiClient, observed, readOk } from '$lib/api/client.ts';
import { RATE_MEASURE_KEYS } from '$lib/features/offers/offers-data.ts';
import { readChoice, readFilters } from '$lib/state/url-state.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, fetch }) => {
  const { filters } = readFilters(url.searchParams);
  const measure = readChoice(url.searchParams, 'rankBy', RATE_MEASURE_KEYS, 'acceptance');
  const api = createApiClient(fetch).api;
  return {
    measure,
    offers: observed(readOk(api.offers.$get({ query: { ...filters, by: 'reason', rankBy: measure } }))),
  };
};
