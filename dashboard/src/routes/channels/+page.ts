import { createApiClient, observed, readOk } from '$lib/api/client.ts';
import { readFilters } from '$lib/state/url-state.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, fetch }) => {
  const { filters } = readFilters(url.searchParams);
  const query = { ...filters, by: 'month' as const };
  return { channels: observed(readOk(createApiClient(fetch).api.channels.$get({ query }))) };
};
