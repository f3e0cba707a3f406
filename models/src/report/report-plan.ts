/**
 * Whether an insight report is on one plan, decided here for everything that depends on it: the report asks
 * its reason query for no breakdown by plan, gives its reasons no top plan, and its reason table, in every
 * format, has no top plan columns and a note saying why. On one plan, each reason's top plan would be the
 * filter, at 100%, on every row.
 */
import { type DescribedFilter, PLAN_FILTER_NAME } from '../describe-filters.ts';

/**
 * The plan a report is filtered to, from its filters as its title block names them (describeFilters);
 * undefined when it covers every plan.
 */
export function filteredPlan(filters: readonly DescribedFilter[]): string | undefined {
  return filters.find((filter) => filter.name === PLAN_FILTER_NAME)?.value;
}
