import { describe, expect, it } from 'vitest';
import { foldFacets, type PhraseOverlap } from './theme-facets.ts';

/** Overlaps of the sample data's October: "forced" is in 40 verbatims, all of which mention "ai". */
const ranked = [
  { phrase: 'ai', current: 611 },
  { phrase: 'new', current: 345 },
  { phrase: 'forced', current: 40 },
  { phrase: 'tasks', current: 72 },
  { phrase: 'sidebar', current: 21 },
  { phrase: 'spent', current: 52 },
];

// Each pair once, in either order.
const overlaps: PhraseOverlap[] = [
  { phrase: 'forced', other: 'ai', shared: 40 },
  { phrase: 'ai', other: 'tasks', shared: 35 },
  { phrase: 'sidebar', other: 'new', shared: 17 },
  { phrase: 'ai', other: 'sidebar', shared: 14 },
  { phrase: 'new', other: 'ai', shared: 82 },
];

describe('foldFacets', () => {
  it('names a phrase whose verbatims mostly quote a listed phrase under it instead of listing it', () => {
    const themes = foldFacets(ranked, overlaps, { limit: 10 });
    expect(themes.map((theme) => theme.phrase)).toEqual(['ai', 'new', 'tasks', 'spent']);
    expect(themes[0]?.related).toEqual(['forced', 'sidebar']);
    expect(themes[1]?.related).toEqual([]);
  });

  it('keeps a phrase that shares fewer than half of its verbatims with every listed phrase', () => {
    // "tasks": 35 of 72 with "ai"; "new": 82 of 345.
    const themes = foldFacets(ranked, overlaps, { limit: 10 });
    expect(themes.find((theme) => theme.phrase === 'tasks')?.related).toEqual([]);
    expect(themes.map((theme) => theme.phrase)).toContain('new');
  });

  it('files a facet of two listed themes under the higher-ranked one', () => {
    // "sidebar" shares 17 of 21 verbatims with "new" and 14 with "ai"; "ai" ranks first.
    const themes = foldFacets(ranked, overlaps, { limit: 10 });
    expect(themes.find((theme) => theme.phrase === 'new')?.related).not.toContain('sidebar');
  });

  it('fills the places a facet would have taken with the next phrases', () => {
    const themes = foldFacets(ranked, overlaps, { limit: 3 });
    expect(themes.map((theme) => theme.phrase)).toEqual(['ai', 'new', 'tasks']);
  });

  it('names the facets ranked after the last place too', () => {
    // "sidebar" ranks after "tasks", which takes the last of 3 places.
    const themes = foldFacets(ranked, overlaps, { limit: 3 });
    expect(themes[0]?.related).toEqual(['forced', 'sidebar']);
  });

  it("measures the share of the later phrase's own verbatims, not of the listed one's", () => {
    // "ai" is in 40 verbatims with "forced", a small part of its 611, and it comes first anyway.
    const themes = foldFacets(
      [ranked[2], ranked[0]].filter((entry) => entry !== undefined),
      overlaps,
      {
        limit: 10,
      },
    );
    expect(themes.map((theme) => theme.phrase)).toEqual(['forced', 'ai']);
  });

  it('takes the share that makes a facet as an option', () => {
    const themes = foldFacets(ranked, overlaps, { limit: 10, facetShare: 0.4 });
    expect(themes[0]?.related).toEqual(['forced', 'tasks', 'sidebar']);
  });
});
