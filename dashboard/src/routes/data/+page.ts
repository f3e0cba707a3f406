import { createApiClient, observed, readOk } from '$lib/api/client.ts';
import { readRunId } from '$lib/features/data/ingest-data.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, fetch }) => {
  const api = createApiClient(fetch).api;
  const run = readRunId(url.searchParams);
  return {
    run,
    runs: observed(readOk(api.ingest.runs.$get({ query: {} }))),
    // The form works without it: the server still refuses an upload over its limit, with the limit.
    maxUploadBytes: readOk(api.health.$get({ query: {} })).then(
      (health) => health.maxUploadBytes,
      () => null,
    ),
    rejected:
      run === null
        ? null
        : observed(readOk(api.ingest.runs[':id'].rejected.$get({ param: { id: String(run) }, query: {} }))),
  };
};
