/**
 * The palette the dataset builders' tests draw with: series colour i is #00000(i+1), so an expected colour
 * says which series position a reason or a bar was given.
 */
import type { ChartPalette } from '../lib/charts/chart-palette.ts';

export const TEST_PALETTE: ChartPalette = {
  series: ['#000001', '#000002', '#000003', '#000004', '#000005', '#000006', '#000007', '#000008', '#000009'],
  text: '#111111',
  muted: '#555555',
  grid: '#eeeeee',
  surface: '#ffffff',
};
