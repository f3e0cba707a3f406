import { createApiClient, observed, readOk } from '$lib/api/client.ts';
import { BREAKDOWN_DIMENSION_KEYS } from '$lib/features/reasons/reasons-data.ts';
import { readChoice, readFilters } from '$lib/state/url-state.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, fetch }) => {
  const { filters } = readFilters(url.searchParams);
  const by = readChoice(url.searchParams, 'by', BREAKDOWN_DIMENSION_KEYS, 'plan');
  const api = createApiClient(fetch).api;
  // Signup quarters come from /api/cohorts; /api/reasons has no such breakdown.
  const signup = by === 'signup';
  return {
    by,
    reasons: observed(readOk(api.reasons.$get({ query: signup ? filters : { ...filters, by } }))),
    cohorts: signup ? observed(readOk(api.cohorts.$get({ query: filters }))) : null,
  };
};
