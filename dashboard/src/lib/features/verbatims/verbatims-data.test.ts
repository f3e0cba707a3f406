import { describe, expect, it } from 'vitest';
import {
  readVerbatimQuery,
  searchPatch,
  sentimentLabel,
  shownClassification,
  type Verbatim,
} from './verbatims-data.ts';

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

describe('shownClassification', () => {
  // Only the fields shownClassification reads; the rest of a verbatim does not matter to it.
  const verbatim = (fields: Pick<Verbatim, 'reasonOrigin' | 'confidence' | 'evidence'>) => fields as Verbatim;

  it("shows the classifier's confidence and evidence when the text decided the reason", () => {
    expect(
      shownClassification(
        verbatim({ reasonOrigin: 'classification', confidence: 0.93, evidence: ['too pricey'] }),
      ),
    ).toEqual({ confidence: 0.93, evidence: ['too pricey'] });
  });

  it("shows neither when the customer's pick stands, and says what the text alone reads as", () => {
    expect(
      shownClassification(verbatim({ reasonOrigin: 'reason_code', confidence: 0.98, evidence: ['cancel'] })),
    ).toEqual({ confidence: null, evidence: [], textAlone: 'the text alone reads as Other (98%)' });
    expect(
      shownClassification(verbatim({ reasonOrigin: 'reason_code', confidence: null, evidence: [] })),
    ).toEqual({
      confidence: null,
      evidence: [],
    });
  });
});
