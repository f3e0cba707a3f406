/**
 * The bounds the verbatim list's sentiment filter takes (GET /api/verbatims) and how each compares a score:
 * min/max include their value, above/below leave it out. The API writes the operators into SQL and the
 * dashboard labels a score with `holds`, so a verbatim's label always names the band that lists it.
 */
export const SENTIMENT_BOUND_COMPARISONS = {
  minSentiment: { operator: '>=', holds: (sentiment: number, value: number) => sentiment >= value },
  sentimentAbove: { operator: '>', holds: (sentiment: number, value: number) => sentiment > value },
  maxSentiment: { operator: '<=', holds: (sentiment: number, value: number) => sentiment <= value },
  sentimentBelow: { operator: '<', holds: (sentiment: number, value: number) => sentiment < value },
} as const;

export type SentimentBound = keyof typeof SENTIMENT_BOUND_COMPARISONS;
export type SentimentBounds = Partial<Record<SentimentBound, number>>;

export function withinSentimentBounds(sentiment: number, bounds: SentimentBounds): boolean {
  return Object.entries(bounds).every(([bound, value]) =>
    SENTIMENT_BOUND_COMPARISONS[bound as SentimentBound].holds(sentiment, value),
  );
}
