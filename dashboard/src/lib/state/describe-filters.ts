/** The non-date filters as a phrase inside a sentence, e.g. "plan pro · channel Email", for scope lines. */
import { describeFilters } from '@churnlens/models/describe-filters';
import type { InsightFilters } from '@churnlens/models/insight-filters';
import { describeDateRange } from '../format/period-format.ts';

export function describeFiltersInline(filters: InsightFilters): string {
  return describeFilters(filters)
    .map(({ name, value }) => `${name.toLowerCase()} ${value}`)
    .join(' · ');
}

/**
 * Every filter that is set, dates first, for the collapsed filter bar: "since 1 Mar 2025 · plan pro", or
 * "none". Unset dates are not "all dates" there: the Overview then shows its default last 30 days.
 */
export function describeActiveFilters(filters: InsightFilters): string {
  const dates = filters.from || filters.to ? describeDateRange(filters) : '';
  return [dates, describeFiltersInline(filters)].filter((part) => part !== '').join(' · ') || 'none';
}
