import { describe, expect, it } from 'vitest';
import { type SentimentBounds, withinSentimentBounds } from './sentiment-bounds.ts';

describe('withinSentimentBounds', () => {
  const cases: { title: string; sentiment: number; bounds: SentimentBounds; expected: boolean }[] = [
    { title: 'min includes its value', sentiment: -0.25, bounds: { minSentiment: -0.25 }, expected: true },
    { title: 'max includes its value', sentiment: 0.25, bounds: { maxSentiment: 0.25 }, expected: true },
    {
      title: 'above leaves its value out',
      sentiment: 0.25,
      bounds: { sentimentAbove: 0.25 },
      expected: false,
    },
    {
      title: 'below leaves its value out',
      sentiment: -0.25,
      bounds: { sentimentBelow: -0.25 },
      expected: false,
    },
    {
      title: 'above takes a score past it',
      sentiment: 0.26,
      bounds: { sentimentAbove: 0.25 },
      expected: true,
    },
    {
      title: 'every bound must hold',
      sentiment: 0.5,
      bounds: { minSentiment: -0.25, maxSentiment: 0.25 },
      expected: false,
    },
    { title: 'no bounds take any score', sentiment: -1, bounds: {}, expected: true },
  ];
  it.each(cases)('$title', ({ sentiment, bounds, expected }) => {
    expect(withinSentimentBounds(sentiment, bounds)).toBe(expected);
  });
});
