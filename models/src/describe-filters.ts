/**
 * The filters other than the period in words, one entry per filter, so the report's title block and the
 * dashboard's scope line (a preview of that title block) name the same filters with the same values.
 * Each place lays the entries out its own way: "Plan: pro; Channel: Email" in a report, "plan pro · channel
 * Email" inline on a page.
 */
import type { InsightFilters } from './insight-filters.ts';
import { channelLabel } from './labels.ts';
import { reasonLabel } from './taxonomy.ts';

export interface DescribedFilter {
  /** Capitalised, as it heads a line: 'Plan'. */
  name: string;
  value: string;
}

/** The name of the plan filter's entry, which also tells a report it is on one plan (report-plan.ts). */
export const PLAN_FILTER_NAME = 'Plan';

export function describeFilters(filters: InsightFilters): DescribedFilter[] {
  const described: DescribedFilter[] = [];
  if (filters.plan) described.push({ name: PLAN_FILTER_NAME, value: filters.plan });
  if (filters.country) described.push({ name: 'Country', value: filters.country });
  if (filters.channel) described.push({ name: 'Channel', value: channelLabel(filters.channel) });
  if (filters.segment) described.push({ name: 'Segment', value: filters.segment });
  if (filters.tenure) described.push({ name: 'Tenure', value: filters.tenure });
  // Several reasons select a cancellation with any of them, hence "or" rather than a list.
  if (filters.reason?.length)
    described.push({ name: 'Reason', value: filters.reason.map(reasonLabel).join(' or ') });
  return described;
}
