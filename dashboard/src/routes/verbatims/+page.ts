import { createApiClient, observed, readOk } from '$lib/api/client.ts';
import { readVerbatimQuery } from '$lib/features/verbatims/verbatims-data.ts';
import { readFilters } from '$lib/state/url-state.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, fetch }) => {
  const { filters } = readFilters(url.searchParams);
  const api = createApiClient(fetch).api;
  const query = { ...filters, ...readVerbatimQuery(url.searchParams) };
  return { query, verbatims: observed(readOk(api.verbatims.$get({ query }))) };
};
