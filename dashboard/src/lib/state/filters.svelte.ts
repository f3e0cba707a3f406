/**
 * The global filters as shared state: read from the current URL, changed by navigating, so the address bar
 * always holds the view and the back button undoes a change.
 */

import { createContext } from 'svelte';
import { goto } from '$app/navigation';
import { page } from '$app/state';
import {
  hrefKeepingFilters,
  hrefWith,
  hrefWithoutFilters,
  type ParamPatch,
  readFilters,
} from './url-state.ts';

export class FilterState {
  readonly reading = $derived(readFilters(page.url.searchParams));
  readonly filters = $derived(this.reading.filters);

  /** Changes filters or page parameters; a new history entry, so Back returns to the previous view. */
  apply(patch: ParamPatch): Promise<void> {
    return goto(hrefWith(page.url, patch), { keepFocus: true, noScroll: true });
  }

  clear(): Promise<void> {
    return goto(hrefWithoutFilters(page.url), { keepFocus: true, noScroll: true });
  }

  /** A link to this view with `patch` applied, for filter and drill-down links. */
  hrefWith(patch: ParamPatch): string {
    return hrefWith(page.url, patch);
  }

  /** A link to another page that keeps the current filters. */
  hrefTo(pathname: string, patch: ParamPatch = {}): string {
    return hrefKeepingFilters(page.url, pathname, patch);
  }
}

export const [getFilterState, setFilterState] = createContext<FilterState>();
