import { withinSentimentBounds } from '@churnlens/models/sentiment-bounds';
import { describe, expect, it } from 'vitest';
import {
  emptyVerbatimsMessage,
  readVerbatimQuery,
  SENTIMENT_BANDS,
  searchPatch,
  sentimentLabel,
  shownClassification,
  themeNarrowing,
  type Verbatim,
} from './verbatims-data.ts';

const params = (query: string) => new URLSearchParams(query);

describe('readVerbatimQuery', () => {
  it('reads search text, the review queue, a sentiment band and the cursor', () => {
    expect(readVerbatimQuery(params('q=%20price%20&needsReview=true&sentiment=negative&cursor=abc'))).toEqual(
      {
        q: 'price',
        needsReview: 'true',
        sentimentBelow: '-0.25',
        cursor: 'abc',
      },
    );
  });

  it("reads a theme phrase from the Themes page's links", () => {
    expect(readVerbatimQuery(params('phrase=used%20to%20train&q=data'))).toEqual({
      q: 'data',
      phrase: 'used to train',
    });
  });

  it("reads a candidate new reason's phrase among the unexplained verbatims, and no unexplained other than true", () => {
    expect(readVerbatimQuery(params('phrase=gym%20closed&unexplained=true'))).toEqual({
      phrase: 'gym closed',
      unexplained: 'true',
    });
    expect(readVerbatimQuery(params('unexplained=false'))).toEqual({});
  });

  it('asks for the neutral band with both its boundaries included', () => {
    expect(readVerbatimQuery(params('sentiment=neutral'))).toEqual({
      minSentiment: '-0.25',
      maxSentiment: '0.25',
    });
  });

  it('ignores unknown bands and any needsReview other than true', () => {
    expect(readVerbatimQuery(params('sentiment=furious&needsReview=yes'))).toEqual({});
  });
});

describe('emptyVerbatimsMessage', () => {
  it('says there are no verbatims yet when no filter, search or sentiment band is set', () => {
    expect(emptyVerbatimsMessage({}, 0)).toBe(
      'There are no verbatims yet: they are the free-text answers of cancellation requests; upload those on the Data page, or run churnlens ingest.',
    );
  });

  it('says no verbatims need review when the unfiltered review queue is empty', () => {
    expect(emptyVerbatimsMessage({ needsReview: 'true' }, 0)).toBe('No verbatims need review.');
  });

  it('blames the filters or the search when any of them is set', () => {
    const noMatch = 'No verbatims match these filters and this search.';
    expect(emptyVerbatimsMessage({}, 1)).toBe(noMatch);
    expect(emptyVerbatimsMessage({ q: 'price' }, 0)).toBe(noMatch);
    expect(emptyVerbatimsMessage({ phrase: 'ai' }, 0)).toBe(noMatch);
    expect(emptyVerbatimsMessage({ unexplained: 'true' }, 0)).toBe(noMatch);
    expect(emptyVerbatimsMessage(readVerbatimQuery(params('sentiment=positive')), 0)).toBe(noMatch);
    expect(emptyVerbatimsMessage({ needsReview: 'true', q: 'price' }, 0)).toBe(noMatch);
  });
});

describe('themeNarrowing', () => {
  it("says a candidate new reason's link lists its phrase among the unexplained verbatims", () => {
    expect(themeNarrowing({ phrase: 'gym closed', unexplained: 'true' })).toEqual({
      text: "Cancellation reasons with the phrase “gym closed” that no reason explains (classified “Other” or flagged for review): those the Themes page's candidate new reason “gym closed” is named for (it also counts survey answers).",
      remove: { phrase: undefined, unexplained: undefined, cursor: undefined },
      removeLabel: 'Remove the phrase',
    });
  });

  it("says an emerging phrase's link lists the verbatims with the phrase", () => {
    expect(themeNarrowing({ phrase: 'ai', q: 'slow' })?.text).toBe(
      'Cancellation reasons with the phrase “ai”, as the Themes page finds it (which also counts survey answers).',
    );
  });

  it('offers every reason back when only the unexplained verbatims are asked for', () => {
    expect(themeNarrowing({ unexplained: 'true' })).toMatchObject({
      text: 'Cancellation reasons that no reason explains (classified “Other” or flagged for review).',
      removeLabel: 'Show every reason',
    });
  });

  it('says nothing without a phrase or the unexplained ones', () => {
    expect(themeNarrowing({ q: 'price', needsReview: 'true' })).toBeNull();
  });
});

describe('searchPatch', () => {
  it('returns to the first page with every search change', () => {
    expect(searchPatch({ q: 'slow' })).toEqual({ q: 'slow', cursor: undefined });
  });
});

describe('sentimentLabel', () => {
  it.each([
    { sentiment: -0.6, label: 'negative' },
    { sentiment: -0.25, label: 'neutral' },
    { sentiment: 0.1, label: 'neutral' },
    { sentiment: 0.25, label: 'neutral' },
    { sentiment: 0.5, label: 'positive' },
    { sentiment: null, label: 'unknown' },
  ])('labels a score of $sentiment $label', ({ sentiment, label }) => {
    expect(sentimentLabel(sentiment)).toBe(label);
  });
});

describe('SENTIMENT_BANDS', () => {
  it.each([-1, -0.25, 0, 0.25, 1])(
    'lists a verbatim scored %d under exactly the band it is labelled with',
    (sentiment) => {
      const listedUnder = SENTIMENT_BANDS.filter((band) => withinSentimentBounds(sentiment, band.bounds));
      expect(listedUnder.map((band) => band.key)).toEqual([sentimentLabel(sentiment)]);
    },
  );
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
    ).toEqual({ confidence: null, evidence: [], textAlone: 'the text alone reads as Other (98.0%)' });
    expect(
      shownClassification(verbatim({ reasonOrigin: 'reason_code', confidence: null, evidence: [] })),
    ).toEqual({
      confidence: null,
      evidence: [],
    });
  });
});
