/** The non-date filters as a phrase inside a sentence, e.g. "plan pro · channel Email", for scope lines. */
import { describeFilters } from '@churnlens/models/describe-filters';
import type { InsightFilters } from '@churnlens/models/insight-filters';

export function describeFiltersInline(filters: InsightFilters): string {
  return describeFilters(filters)
    .map(({ name, value }) => `${name.toLowerCase()} ${value}`)
    .join(' · ');
}
