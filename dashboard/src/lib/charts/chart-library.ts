/**
 * chart.js, imported on first use (chart-setup.ts registers only the parts our charts draw; its `auto` entry
 * would pull every controller in). Importing it lazily keeps it out of each page's module: SvelteKit runs a
 * page's load, and so starts its API requests, only once that module is loaded, and chart.js is the largest
 * dependency. chart.js then downloads while the API answers.
 */
import type { Chart } from 'chart.js';

let loading: Promise<typeof Chart> | undefined;

export function loadChartLibrary(): Promise<typeof Chart> {
  loading ??= import('./chart-setup.ts').then((setup) => setup.Chart);
  return loading;
}
