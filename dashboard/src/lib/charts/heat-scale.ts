/**
 * A sequential colour scale for heatmap cells (0 → pale, 1 → deep blue) that reads the same in both themes,
 * with the text colour picked per cell so every value keeps AA contrast on its own background.
 */
const LOW = [0xe8, 0xf1, 0xfb] as const;
const HIGH = [0x0b, 0x3d, 0x7a] as const;
// Pure black: with any softer dark text, mid-scale cells fall below 4.5:1 against both text colours.
const DARK_TEXT = '#000000';
const LIGHT_TEXT = '#ffffff';

export interface HeatColors {
  background: string;
  text: string;
}

export function heatColors(value: number): HeatColors {
  const t = Math.min(1, Math.max(0, value));
  const rgb = LOW.map((low, index) => Math.round(low + ((HIGH[index] as number) - low) * t));
  const background = `#${rgb.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
  return {
    background,
    text:
      contrastRatio(background, DARK_TEXT) >= contrastRatio(background, LIGHT_TEXT) ? DARK_TEXT : LIGHT_TEXT,
  };
}

export function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const [high, low] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}
