/** The reasons response as the typed client infers it, and the breakdowns the Reasons page offers. */
import { NO_REASON_GIVEN } from '@churnlens/models/taxonomy';
import type { ApiClient, ResponseOf } from '../../api/client.ts';

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

/** Whether a reason's requests have verbatims to read: those of no reason given have none by definition. */
export function hasVerbatims(reason: string): boolean {
  return reason !== NO_REASON_GIVEN;
}
