/** The reasons response as the typed client infers it, and the breakdowns the Reasons page offers. */
import type { ApiClient, ResponseOf } from '../../api/client.ts';
import type { FilterState } from '../../state/filters.svelte.ts';

export type ReasonsResponse = ResponseOf<ApiClient['api']['reasons']['$get']>;
export type ReasonStats = ReasonsResponse['reasons'][number];

/** `signup` comes from /api/cohorts (signup months, drawn as quarters); the others from /api/reasons' `by`. */
export const BREAKDOWN_DIMENSIONS = [
  { key: 'plan', label: 'Plan' },
  { key: 'country', label: 'Country' },
  { key: 'channel', label: 'Channel' },
  { key: 'tenure', label: 'Tenure' },
  { key: 'signup', label: 'Signup quarter' },
] as const;

export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number]['key'];
export const BREAKDOWN_DIMENSION_KEYS = BREAKDOWN_DIMENSIONS.map(
  (dimension) => dimension.key,
) as BreakdownDimension[];

/**
 * The verbatims page of a reason's requests, keeping the page's filters. Under no reason given it lists the
 * typed answers that name none ("n/a", "Please cancel my subscription."): the requests without any answer
 * have no verbatim to list.
 */
export function reasonVerbatimsHref(filters: FilterState, reason: string): string {
  return filters.hrefTo('/verbatims', { reason });
}
