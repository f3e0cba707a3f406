import { createApiClient, observed, readOk } from '$lib/api/client.ts';
import { trendGranularity } from '$lib/format/period-format.ts';
import { readFilters } from '$lib/state/url-state.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, fetch }) => {
  const { filters } = readFilters(url.searchParams);
  const api = createApiClient(fetch).api;
  return {
    // dataEndDate is null until the database holds a request: the page then says how to load data.
    health: observed(readOk(api.health.$get({ query: {} }))),
    summary: observed(readOk(api.summary.$get({ query: filters }))),
    reasons: observed(readOk(api.reasons.$get({ query: { ...filters, by: trendGranularity(filters) } }))),
  };
};
