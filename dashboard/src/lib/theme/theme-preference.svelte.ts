/**
 * Light, dark or follow the system. The choice persists in localStorage; app.html applies it before the
 * first paint (same storage key) so a dark-mode user never sees a white flash. The resolved theme is written
 * to <html data-theme> synchronously with every change, so anything deriving from `resolved` (chart colours
 * read from CSS) already sees the new theme's tokens.
 */
import { createContext } from 'svelte';

export const THEME_MODES = ['system', 'light', 'dark'] as const;
export type ThemeMode = (typeof THEME_MODES)[number];
export type ResolvedTheme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'churnlens.theme';

export class ThemePreference {
  mode = $state<ThemeMode>('system');
  #systemDark = $state(false);
  readonly resolved: ResolvedTheme = $derived(
    this.mode === 'system' ? (this.#systemDark ? 'dark' : 'light') : this.mode,
  );

  constructor() {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    this.#systemDark = query.matches;
    query.addEventListener('change', (event) => {
      this.#systemDark = event.matches;
      this.#apply();
    });
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    this.mode = THEME_MODES.find((mode) => mode === stored) ?? 'system';
    this.#apply();
  }

  choose(mode: ThemeMode): void {
    this.mode = mode;
    if (mode === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, mode);
    this.#apply();
  }

  #apply(): void {
    document.documentElement.dataset.theme = this.resolved;
  }
}

export const [getThemePreference, setThemePreference] = createContext<ThemePreference>();
