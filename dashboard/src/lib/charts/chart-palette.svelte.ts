/** The chart palette of the active theme, re-read from the CSS tokens whenever the theme changes. */
import { getThemePreference } from '../theme/theme-preference.svelte.ts';
import { type ChartPalette, readChartPalette } from './chart-palette.ts';

export function useChartPalette(): { readonly current: ChartPalette } {
  const theme = getThemePreference();
  const palette = $derived.by(() => {
    // ThemePreference writes <html data-theme> before `resolved` changes, so the CSS read here is current.
    void theme.resolved;
    return readChartPalette();
  });
  return {
    get current() {
      return palette;
    },
  };
}
