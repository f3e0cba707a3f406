import { createApiClient, observed, readOk } from '$lib/api/client.ts';
import { BREAKDOWN_DIMENSION_KEYS } from '$lib/features/reasons/reasons-data.ts';
import { readChoice, readFilters } from '$lib/state/url-state.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, fetch }) => {
  const { filters } = readFilters(url.searchParams);
  const by = readChoice(url.searchParams, 'by', BREAKDOWN_DIMENSION_KEYS, 'plan');
  const api = createApiClient(fetch).api;
  if (by === 'signup') {
    return {
      by,
      reasons: observed(readOk(api.reasons.$get({ query: filters }))),
      cohorts: observed(readOk(api.cohorts.$get({ query: filters }))),
    };
  }
  return { by, reasons: observed(readOk(api.reasons.$get({ query: { ...filters, by } }))), cohorts: null };
};
