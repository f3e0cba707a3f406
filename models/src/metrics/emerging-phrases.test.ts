import { describe, expect, it } from 'vitest';
import {
  containsWords,
  phraseComparisonGap,
  rankEmergingPhrases,
  rankFrequentPhrases,
} from './emerging-phrases.ts';

const sizes = { currentDocuments: 100, previousDocuments: 100 };

describe('rankEmergingPhrases', () => {
  it('scores share rise weighted by rarity in the previous period', () => {
    const [ranked] = rankEmergingPhrases([{ phrase: 'ai assistant', current: 20, previous: 1 }], sizes);
    // rise 0.19 × (ln(101 / 2) + 1)
    expect(ranked?.score).toBeCloseTo(0.19 * (Math.log(101 / 2) + 1), 12);
    expect(ranked?.growth).toBeCloseTo(19, 12);
    expect(ranked?.pValue).toBeLessThan(0.001);
  });

  it('ranks a new rare phrase above a common phrase that rose slightly', () => {
    const ranked = rankEmergingPhrases(
      [
        { phrase: 'price', current: 40, previous: 35 },
        { phrase: 'ai assistant', current: 12, previous: 0 },
      ],
      sizes,
    );
    expect(ranked.map((entry) => entry.phrase)).toEqual(['ai assistant', 'price']);
    expect(ranked[0]?.growth).toBeNull();
  });

  it('leaves out phrases whose share fell or that are too rare to be a theme', () => {
    const ranked = rankEmergingPhrases(
      [
        { phrase: 'support', current: 10, previous: 30 },
        { phrase: 'typo', current: 2, previous: 0 },
      ],
      sizes,
    );
    expect(ranked).toEqual([]);
  });

  it('reports the most specific phrase once instead of every word of it', () => {
    const ranked = rankEmergingPhrases(
      [
        { phrase: 'ai', current: 22, previous: 2 },
        { phrase: 'assistant', current: 21, previous: 1 },
        { phrase: 'ai assistant', current: 20, previous: 0 },
        { phrase: 'the ai assistant', current: 5, previous: 0 },
        { phrase: 'export', current: 8, previous: 1 },
      ],
      sizes,
    );
    expect(ranked.map((entry) => entry.phrase)).toEqual(['ai assistant', 'export']);
  });

  it('compares shares, not raw counts, when the periods differ in size', () => {
    const ranked = rankEmergingPhrases([{ phrase: 'outage', current: 10, previous: 20 }], {
      currentDocuments: 50,
      previousDocuments: 200,
    });
    expect(ranked[0]?.currentShare).toBeCloseTo(0.2, 12);
    expect(ranked[0]?.previousShare).toBeCloseTo(0.1, 12);
    expect(ranked[0]?.growth).toBeCloseTo(1, 12);
  });

  it('stops at the limit', () => {
    const counts = ['alpha', 'beta', 'gamma'].map((phrase) => ({ phrase, current: 10, previous: 0 }));
    expect(rankEmergingPhrases(counts, sizes, { limit: 2 })).toHaveLength(2);
  });

  it('adjusts each p-value for every phrase tested, the falling ones included', () => {
    const counts = [
      { phrase: 'outage', current: 30, previous: 10 },
      { phrase: 'slow', current: 20, previous: 12 },
      { phrase: 'support', current: 8, previous: 30 },
    ];
    const ranked = rankEmergingPhrases(counts, sizes);
    const pValue = (phrase: string) => ranked.find((entry) => entry.phrase === phrase)?.pValue ?? Number.NaN;
    // By p-value: "support" (fell, p ≈ 0.0001) first, "outage" (p ≈ 0.0004) second, "slow" (p ≈ 0.12) third.
    expect(ranked.map((entry) => entry.phrase)).toEqual(['outage', 'slow']);
    expect(ranked[0]?.qValue).toBeCloseTo((pValue('outage') * 3) / 2, 12);
    expect(ranked[1]?.qValue).toBeCloseTo(pValue('slow'), 12);
    expect(pValue('slow')).toBeGreaterThan(0.05);
  });

  it('calls a rise at p = 0.03 noise once it is one of hundreds of phrases tested', () => {
    const [alone] = rankEmergingPhrases([{ phrase: 'clicks', current: 14, previous: 5 }], sizes);
    const [among] = rankEmergingPhrases([{ phrase: 'clicks', current: 14, previous: 5 }], sizes, {
      phrasesTested: 400,
    });
    expect(alone?.pValue).toBeCloseTo(0.03, 3);
    expect(alone?.qValue).toBe(alone?.pValue);
    expect(among?.qValue).toBe(1);
  });
});

describe('rankFrequentPhrases', () => {
  it('ranks by documents of the period, however rare the phrase was before', () => {
    const ranked = rankFrequentPhrases(
      [
        { phrase: 'ai assistant', current: 12, previous: 0 },
        { phrase: 'price', current: 40, previous: 35 },
        { phrase: 'typo', current: 2, previous: 0 },
      ],
      sizes,
    );
    expect(ranked).toEqual([
      { phrase: 'price', current: 40, previous: 35, currentShare: 0.4, previousShare: 0.35 },
      { phrase: 'ai assistant', current: 12, previous: 0, currentShare: 0.12, previousShare: 0 },
    ]);
  });

  it('reports the most specific phrase once, as the rising phrases do', () => {
    const ranked = rankFrequentPhrases(
      [
        { phrase: 'ai', current: 22, previous: 0 },
        { phrase: 'ai assistant', current: 20, previous: 0 },
        { phrase: 'export', current: 8, previous: 0 },
      ],
      sizes,
    );
    expect(ranked.map((entry) => entry.phrase)).toEqual(['ai assistant', 'export']);
  });

  it('gives no previous share when the previous period has no documents', () => {
    const [ranked] = rankFrequentPhrases([{ phrase: 'price', current: 5, previous: 0 }], {
      currentDocuments: 10,
      previousDocuments: 0,
    });
    expect(ranked?.previousShare).toBeNull();
  });
});

describe('phraseComparisonGap', () => {
  it("gives the data's gap first", () => {
    expect(phraseComparisonGap('the data begins on 2025-05-01', sizes)).toBe('the data begins on 2025-05-01');
  });

  it('compares nothing against a previous period without documents', () => {
    expect(phraseComparisonGap(null, { currentDocuments: 10, previousDocuments: 0 })).toBe(
      'the previous period has no verbatims',
    );
  });

  it('compares periods the data covers that both have documents', () => {
    expect(phraseComparisonGap(null, sizes)).toBeNull();
  });
});

describe('containsWords', () => {
  it('matches whole words only', () => {
    expect(containsWords('the ai assistant', 'ai assistant')).toBe(true);
    expect(containsWords('email support', 'mail')).toBe(false);
  });
});
