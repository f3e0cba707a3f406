/**
 * A reason mix: requests per reason within each group of a dimension, as the Reasons page's breakdown chart
 * draws it. It comes from /api/reasons' breakdown (plan, country, channel, tenure) or from /api/cohorts'
 * signup months, gathered into quarters.
 */
import { channelLabel } from '@churnlens/models/labels';
import type { ApiClient, ResponseOf } from '../../api/client.ts';
import type { ReasonsResponse } from './reasons-data.ts';

export type CohortsResponse = ResponseOf<ApiClient['api']['cohorts']['$get']>;
type SignupMonthCohort = CohortsResponse['bySignupMonth'][number];

export interface ReasonMixGroup {
  key: string;
  label: string;
  total: number;
  counts: ReadonlyMap<string, number>;
  /** The filter value that narrows the page to this group; null when no filter can (a signup quarter). */
  filterValue: string | null;
}

/** The largest number of signup quarters drawn; older ones are summed into one group. */
export const MAX_SIGNUP_QUARTERS = 11;

/** /api/reasons' breakdown groups; a channel is named by its label, an unknown tenure filters to nothing. */
export function breakdownMix(response: ReasonsResponse): ReasonMixGroup[] {
  const byChannel = response.breakdown?.by === 'channel';
  return (response.breakdown?.groups ?? []).map((group) => ({
    key: group.key,
    label: byChannel ? channelLabel(group.key) : group.key,
    total: group.total,
    counts: new Map(group.reasons.map((reason) => [reason.reason, reason.count])),
    filterValue: group.key === 'unknown' ? null : group.key,
  }));
}

/** "2025-08" → "2025 Q3". */
function quarterOf(month: string): string {
  const [year, monthNumber] = month.split('-');
  return `${year} Q${Math.ceil(Number(monthNumber) / 3)}`;
}

function sumGroups(key: string, label: string, cohorts: readonly SignupMonthCohort[]): ReasonMixGroup {
  const counts = new Map<string, number>();
  for (const cohort of cohorts)
    for (const { reason, count } of cohort.reasons) counts.set(reason, (counts.get(reason) ?? 0) + count);
  return {
    key,
    label,
    total: cohorts.reduce((sum, cohort) => sum + cohort.total, 0),
    counts,
    filterValue: null,
  };
}

/**
 * Signup months gathered into calendar quarters, oldest first: months are too many to draw (a business a few
 * years old has dozens) and a quarter still shows whether customers who signed up after a change leave for
 * other reasons. Only the newest MAX_SIGNUP_QUARTERS quarters are drawn one by one; the quarters before them
 * are one group ("before 2024 Q2"), so the bars stay in time order.
 */
export function signupQuarterMix(months: readonly SignupMonthCohort[]): ReasonMixGroup[] {
  const quarters = new Map<string, SignupMonthCohort[]>();
  for (const month of months) {
    const quarter = quarterOf(month.key);
    quarters.set(quarter, [...(quarters.get(quarter) ?? []), month]);
  }
  const ordered = [...quarters.entries()].sort(([a], [b]) => a.localeCompare(b));
  const recent = ordered.slice(-MAX_SIGNUP_QUARTERS);
  const older = ordered.slice(0, -MAX_SIGNUP_QUARTERS);
  const groups = recent.map(([quarter, cohorts]) => sumGroups(quarter, quarter, cohorts));
  const firstRecent = recent[0]?.[0];
  if (older.length === 0 || firstRecent === undefined) return groups;
  return [
    sumGroups(
      'before',
      `before ${firstRecent}`,
      older.flatMap(([, cohorts]) => cohorts),
    ),
    ...groups,
  ];
}
