/**
 * The URL is the dashboard's state: filters and each page's own parameters live in the query string, so every
 * view is a shareable link and the back button undoes a filter change. This module is pure (URLs in, URLs
 * and values out); the filter schema is the API's own, so the dashboard can never send a filter the API
 * would reject without telling the user why.
 */
import {
  INSIGHT_FILTER_KEYS,
  type InsightFilters,
  insightFilterShape,
} from '@churnlens/models/insight-filters';

export interface FilterReading {
  filters: InsightFilters;
  /** One sentence per ignored parameter, naming it, e.g. "channel: must be one of self_serve, …". */
  problems: string[];
}

/**
 * Parameters that only make sense for the result they were issued with; a filter change drops them so a
 * stale cursor never skips rows of the new result.
 */
const RESULT_BOUND_PARAMS = ['cursor'];

/** Reads the global filters from a query string, keeping the valid ones and describing the rest. */
export function readFilters(params: URLSearchParams): FilterReading {
  const filters: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of INSIGHT_FILTER_KEYS) {
    const values = params
      .getAll(key)
      .map((value) => value.trim())
      .filter((value) => value !== '');
    if (values.length === 0) continue;
    const parsed = insightFilterShape[key].safeParse(key === 'reason' ? values : values[0]);
    if (parsed.success) filters[key] = parsed.data;
    else problems.push(`${key}: ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  }
  if (typeof filters.from === 'string' && typeof filters.to === 'string' && filters.from > filters.to) {
    problems.push(`from: must not be after to (${filters.to}); the date range was ignored`);
    delete filters.from;
    delete filters.to;
  }
  return { filters: filters as InsightFilters, problems };
}

/** How many filters are set, for the "clear filters" affordance. */
export function countFilters(filters: InsightFilters): number {
  return INSIGHT_FILTER_KEYS.filter((key) => filters[key] !== undefined).length;
}

export type ParamPatch = Record<string, string | readonly string[] | undefined | null>;

/**
 * The href of `url` with `patch` applied: a string sets a parameter, an array repeats it, and empty, null or
 * undefined removes it. Changing any global filter also drops result-bound parameters (the cursor).
 */
export function hrefWith(url: URL, patch: ParamPatch): string {
  const params = new URLSearchParams(url.search);
  const changesFilters = Object.keys(patch).some((key) => (INSIGHT_FILTER_KEYS as string[]).includes(key));
  if (changesFilters) for (const key of RESULT_BOUND_PARAMS) params.delete(key);
  for (const [key, value] of Object.entries(patch)) {
    params.delete(key);
    const values = typeof value === 'string' ? [value] : (value ?? []);
    for (const item of values) if (item.trim() !== '') params.append(key, item.trim());
  }
  return withQuery(url.pathname, params);
}

/** The href of `pathname` carrying only the global filters of `url`, for navigation between pages. */
export function hrefKeepingFilters(url: URL, pathname: string, patch: ParamPatch = {}): string {
  const params = new URLSearchParams();
  for (const key of INSIGHT_FILTER_KEYS)
    for (const value of url.searchParams.getAll(key)) params.append(key, value);
  return hrefWith(new URL(withQuery(pathname, params), url), patch);
}

/** The href of `url` with every global filter removed and the page's own parameters kept. */
export function hrefWithoutFilters(url: URL): string {
  return hrefWith(url, Object.fromEntries(INSIGHT_FILTER_KEYS.map((key) => [key, undefined])));
}

/** A page parameter restricted to known values; anything else (or nothing) gives the fallback. */
export function readChoice<T extends string>(
  params: URLSearchParams,
  key: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = params.get(key);
  return choices.find((choice) => choice === value) ?? fallback;
}

/** A free-text page parameter, trimmed; undefined when absent or blank. */
export function readText(params: URLSearchParams, key: string): string | undefined {
  const value = params.get(key)?.trim();
  return value ? value : undefined;
}

function withQuery(pathname: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}
