/**
 * The bearer token admin actions (relabel, upload) need. It lives in localStorage only: the API client reads
 * it on every request, and the settings field edits it through this class so the header updates at once.
 */
import { createContext } from 'svelte';

const STORAGE_KEY = 'churnlens.adminToken';

/** The stored token, read at request time by the API client. */
export function readAdminToken(): string | null {
  return localStorage.getItem(STORAGE_KEY);
}

export class AdminToken {
  value = $state(readAdminToken() ?? '');
  readonly isSet = $derived(this.value !== '');
  /**
   * Counts the requests to show the Settings token field. A panel refused for want of a token asks through
   * this, since Settings sits closed at the foot of the sidebar (or in a phone's top bar), far from the panel.
   */
  fieldRequests = $state(0);

  /** Opens Settings and focuses the token field. */
  requestField(): void {
    this.fieldRequests += 1;
  }

  save(token: string): void {
    this.value = token.trim();
    if (this.value === '') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, this.value);
  }
}

export const [getAdminToken, setAdminToken] = createContext<AdminToken>();
