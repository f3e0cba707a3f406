import { describe, expect, it } from 'vitest';
import { buildSparkline } from './build-sparkline.ts';
import { buildThemeRows } from './build-theme-rows.ts';
import type { EmergingTheme } from './themes-data.ts';

describe('buildSparkline', () => {
  it('spreads points across the width and scales values from zero to the top', () => {
    const line = buildSparkline([0, 5, 10], { width: 106, height: 26, padding: 3 });
    expect(line.points).toEqual([
      { x: 3, y: 23 },
      { x: 53, y: 13 },
      { x: 103, y: 3 },
    ]);
    expect(line.polyline).toBe('3,23 53,13 103,3');
  });

  it('draws an all-zero series along the baseline', () => {
    expect(
      buildSparkline([0, 0], { width: 20, height: 10, padding: 0 }).points.map((point) => point.y),
    ).toEqual([10, 10]);
  });

  it('scales to a shared maximum so sparklines side by side compare', () => {
    expect(buildSparkline([5, 10], { width: 20, height: 20, padding: 0, max: 20 }).points).toEqual([
      { x: 0, y: 15 },
      { x: 20, y: 10 },
    ]);
  });
});

describe('buildThemeRows', () => {
  const theme: EmergingTheme = {
    phrase: 'price increase',
    current: 40,
    previous: 10,
    currentShare: 0.08,
    previousShare: 0.02,
    growth: 3,
    score: 1.2,
    pValue: 0.0002,
    qValue: 0.0004,
    weekly: [
      { week: '2025-02-24', documents: 0, share: null },
      { week: '2025-03-03', documents: 2, share: 0.02 },
      { week: '2025-03-10', documents: 8, share: 0.08 },
    ],
    examples: ['The price increase was too much'],
    related: [],
  };
  /** A phrase as /api/themes lists it when it does not compare the periods: no rise, no test. */
  const frequentTheme: EmergingTheme = {
    ...theme,
    previous: 0,
    previousShare: 0,
    growth: null,
    score: null,
    pValue: null,
    qValue: null,
  };

  it('shows both periods with shares, the growth and its significance', () => {
    expect(buildThemeRows({ emerging: [theme], notCompared: null })[0]).toEqual({
      phrase: 'price increase',
      current: '40 (8.0%)',
      previous: '10 (2.0%)',
      change: '+300.0%',
      significance: 'q < 0.001',
      trend: [0, 0.02, 0.08],
      trendLabel:
        'Weekly share: week of 24 Feb 2025 no verbatims, week of 3 Mar 2025 2.0%, week of 10 Mar 2025 8.0%',
      trendTone: 'rising',
      examples: ['The price increase was too much'],
      related: '',
    });
  });

  it('quotes the phrases listed under the theme', () => {
    const [row] = buildThemeRows({
      emerging: [{ ...theme, related: ['tripled', 'new pricing'] }],
      notCompared: null,
    });
    expect(row?.related).toBe('“tripled”, “new pricing”');
  });

  it('calls a phrase absent before "new"', () => {
    const row = buildThemeRows({
      emerging: [{ ...theme, previous: 0, previousShare: 0, growth: null, pValue: 0.0012, qValue: 0.0312 }],
      notCompared: null,
    })[0];
    expect(row).toMatchObject({ change: 'new', significance: 'q = 0.031' });
  });

  it('judges a rise by its p-value adjusted for the phrases tested, on the side of 0.05 it lies on', () => {
    const [significant, noise, adjustedAway] = buildThemeRows({
      emerging: [
        { ...theme, pValue: 0.001, qValue: 0.0496 },
        { ...theme, pValue: 0.001, qValue: 0.0504 },
        { ...theme, pValue: 0.034, qValue: 0.41 },
      ],
      notCompared: null,
    });
    expect(significant?.significance).toBe('q = 0.0496');
    expect(noise?.significance).toBe('q = 0.0504, could be noise');
    expect(adjustedAway?.significance).toBe('q = 0.410, could be noise');
  });

  it('writes a change in share that rounds to zero without a sign', () => {
    const [flat, slightlyDown, tiny] = buildThemeRows({
      emerging: [
        { ...theme, growth: 0 },
        { ...theme, growth: -0.0003 },
        { ...theme, growth: 0.0004 },
      ],
      notCompared: null,
    });
    expect(flat?.change).toBe('0.0%');
    expect(slightlyDown?.change).toBe('0.0%');
    expect(tiny?.change).toBe('0.0%');
  });

  it('says "not compared" instead of a change, and shows no previous figures or test, when the periods are not compared', () => {
    // As /api/themes gives the period's most frequent phrases when the data begins after the previous period.
    const row = buildThemeRows({
      emerging: [frequentTheme],
      notCompared: 'the data begins on 2025-02-20',
    })[0];
    expect(row).toMatchObject({
      current: '40 (8.0%)',
      previous: '—',
      change: 'not compared',
      significance: '—',
    });
  });

  it('draws a sparkline whose share fell in the falling colour, and one that ends level in the rising colour', () => {
    const weekly = (first: number, last: number) => [
      { week: '2025-03-03', documents: 1, share: first },
      { week: '2025-03-10', documents: 1, share: last },
    ];
    const [fell, level] = buildThemeRows({
      emerging: [
        { ...theme, weekly: weekly(0.05, 0.01) },
        { ...theme, weekly: weekly(0.03, 0.03) },
      ],
      notCompared: null,
    });
    expect([fell?.trendTone, level?.trendTone]).toEqual(['falling', 'rising']);
  });

  it('draws every sparkline in the neutral colour, rising or not, when the periods are not compared', () => {
    // The page then lists the period's frequent phrases and calls none rising; its colour must not either.
    const rows = buildThemeRows({
      emerging: [
        frequentTheme,
        { ...frequentTheme, phrase: 'too slow', weekly: [...theme.weekly].reverse() },
      ],
      notCompared: 'the data begins on 2025-02-20',
    });
    expect(rows.map((row) => row.trendTone)).toEqual(['neutral', 'neutral']);
  });

  it('calls no phrase new when the previous period has no verbatims', () => {
    const frequent = { ...frequentTheme, previousShare: null };
    const row = buildThemeRows({
      emerging: [frequent],
      notCompared: 'the previous period has no verbatims',
    })[0];
    expect(row).toMatchObject({
      change: 'not compared',
      previous: '—',
    });
  });
});
