import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio as contrast } from '../charts/heat-scale.ts';

/** The custom properties of each theme block in theme.css; dark inherits what it does not override. */
function readThemes(): Record<'light' | 'dark', Record<string, string>> {
  const css = readFileSync(new URL('./theme.css', import.meta.url), 'utf8');
  const block = (selector: string) => {
    const start = css.indexOf(selector);
    if (start < 0) throw new Error(`theme.css has no ${selector} block`);
    const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
    return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
  };
  const light = block(':root[data-theme="light"]');
  return { light, dark: { ...light, ...block(':root[data-theme="dark"]') } };
}

const themes = readThemes();

describe.each(['light', 'dark'] as const)('the %s theme', (name) => {
  const token = (key: string) => {
    const value = themes[name][key];
    if (!value) throw new Error(`theme.css defines no ${key} for ${name}`);
    return value;
  };

  it.each(['--text', '--text-muted', '--accent', '--positive', '--negative'])(
    'keeps %s at AA contrast (4.5:1) on every surface',
    (foreground) => {
      for (const surface of ['--bg', '--surface', '--surface-raised']) {
        expect(
          contrast(token(foreground), token(surface)),
          `${foreground} on ${surface}`,
        ).toBeGreaterThanOrEqual(4.5);
      }
    },
  );

  it('outlines form controls at 3:1 (WCAG 1.4.11) on every surface', () => {
    for (const surface of ['--bg', '--surface', '--surface-raised']) {
      expect(
        contrast(token('--control-border'), token(surface)),
        `--control-border on ${surface}`,
      ).toBeGreaterThanOrEqual(3);
    }
  });

  it('keeps highlighted evidence and primary buttons readable', () => {
    expect(contrast(token('--mark-text'), token('--mark-bg'))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(token('--accent-contrast'), token('--accent'))).toBeGreaterThanOrEqual(4.5);
  });

  it('draws every chart colour at 3:1 against the card surface', () => {
    for (let index = 1; index <= 9; index += 1) {
      expect(
        contrast(token(`--chart-${index}`), token('--surface')),
        `--chart-${index}`,
      ).toBeGreaterThanOrEqual(3);
    }
  });
});
