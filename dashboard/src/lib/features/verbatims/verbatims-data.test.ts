import { describe, expect, it } from 'vitest';
import { readVerbatimQuery, searchPatch, sentimentLabel } from './verbatims-data.ts';

const params = (query: string) => new URLSearchParams(query);

describe('readVerbatimQuery', () => {
  it('reads search text, the review queue, a sentiment band and the cursor', () => {
    expect(readVerbatimQuery(params('q=%20price%20&needsReview=true&sentiment=negative&cursor=abc'))).toEqual(
      {
        q: 'price',
        needsReview: 'true',
        minSentiment: '-1',
        maxSentiment: '-0.25',
        cursor: 'abc',
      },
    );
  });

  it('ignores unknown bands and any needsReview other than true', () => {
    expect(readVerbatimQuery(params('sentiment=furious&needsReview=yes'))).toEqual({});
  });
});

describe('searchPatch', () => {
  it('returns to the first page with every search change', () => {
    expect(searchPatch({ q: 'slow' })).toEqual({ q: 'slow', cursor: undefined });
  });
});

describe('sentimentLabel', () => {
  it('names the band of a score', () => {
    expect(sentimentLabel(-0.6)).toBe('negative');
    expect(sentimentLabel(0.1)).toBe('neutral');
    expect(sentimentLabel(0.5)).toBe('positive');
    expect(sentimentLabel(null)).toBe('unknown');
  });
});
