/** The verbatims page's data as the typed client infers it, and its own URL parameters. */

import {
  SENTIMENT_BOUND_COMPARISONS,
  type SentimentBound,
  type SentimentBounds,
  withinSentimentBounds,
} from '@churnlens/models/sentiment-bounds';
import { reasonLabel } from '@churnlens/models/taxonomy';
import type { ApiClient, ResponseOf } from '../../api/client.ts';
import { formatPercent } from '../../format/number-format.ts';
import { type ParamPatch, readText } from '../../state/url-state.ts';

export type VerbatimPage = ResponseOf<ApiClient['api']['verbatims']['$get']>;
export type Verbatim = VerbatimPage['items'][number];
export type RelabelResult = ResponseOf<ApiClient['api']['verbatims'][':id']['reason']['$patch']>;

/**
 * Sentiment bands offered by the filter; the API takes any range, these are the ones worth a click. A boundary
 * score (−0.25, 0.25) is Neutral: the outer bands leave it out (sentimentBelow/sentimentAbove are exclusive),
 * so a verbatim is listed under one band only and labelled with that band.
 */
export const SENTIMENT_BANDS = [
  { key: 'negative', label: 'Negative (below −0.25)', bounds: { sentimentBelow: -0.25 } },
  { key: 'neutral', label: 'Neutral (−0.25 to 0.25)', bounds: { minSentiment: -0.25, maxSentiment: 0.25 } },
  { key: 'positive', label: 'Positive (above 0.25)', bounds: { sentimentAbove: 0.25 } },
] as const satisfies readonly { key: string; label: string; bounds: SentimentBounds }[];

export type VerbatimQuery = {
  q?: string;
  /** A theme phrase, set by the Themes page's links. */
  phrase?: string;
  /** Only the verbatims no reason explains, set by the Themes page's candidate reasons. */
  unexplained?: 'true';
  needsReview?: 'true';
  cursor?: string;
} & { [bound in SentimentBound]?: string };

/** The page's own parameters from the URL, in the form the API's query takes them. */
export function readVerbatimQuery(params: URLSearchParams): VerbatimQuery {
  const query: VerbatimQuery = {};
  const q = readText(params, 'q');
  if (q) query.q = q;
  const phrase = readText(params, 'phrase');
  if (phrase) query.phrase = phrase;
  if (params.get('unexplained') === 'true') query.unexplained = 'true';
  if (params.get('needsReview') === 'true') query.needsReview = 'true';
  const band = SENTIMENT_BANDS.find((item) => item.key === params.get('sentiment'));
  for (const [bound, value] of Object.entries(band?.bounds ?? {})) {
    query[bound as SentimentBound] = String(value);
  }
  const cursor = readText(params, 'cursor');
  if (cursor) query.cursor = cursor;
  return query;
}

/**
 * What an empty list says. With nothing narrowing it (no filter, search or sentiment band) the database has
 * no verbatims, or none awaiting review: "match these filters" would send the user looking for a filter.
 */
export function emptyVerbatimsMessage(query: VerbatimQuery, filterCount: number): string {
  const bounded = Object.keys(SENTIMENT_BOUND_COMPARISONS).some(
    (bound) => query[bound as SentimentBound] !== undefined,
  );
  if (
    filterCount > 0 ||
    query.q !== undefined ||
    query.phrase !== undefined ||
    query.unexplained !== undefined ||
    bounded
  )
    return 'No verbatims match these filters and this search.';
  if (query.needsReview === 'true') return 'No verbatims need review.';
  return 'There are no verbatims yet: they are the free-text answers of cancellation requests; upload those on the Data page, or run churnlens ingest.';
}

const UNEXPLAINED = 'that no reason explains (classified “Other” or flagged for review)';

/**
 * What the Themes page's links narrowed the list to, with the link that widens it again (`remove`: the URL
 * parameters it drops), or null when they did not. A candidate new reason's link asks for its phrase among
 * the unexplained verbatims: the ones the candidate is named for, though it also counts survey answers.
 */
export function themeNarrowing(
  query: VerbatimQuery,
): { text: string; remove: ParamPatch; removeLabel: string } | null {
  const unexplained = query.unexplained === 'true';
  if (query.phrase === undefined && !unexplained) return null;
  const remove = searchPatch({ phrase: undefined, unexplained: undefined });
  if (query.phrase === undefined) {
    return { text: `Cancellation reasons ${UNEXPLAINED}.`, remove, removeLabel: 'Show every reason' };
  }
  const text = unexplained
    ? `Cancellation reasons with the phrase “${query.phrase}” ${UNEXPLAINED}: those the Themes page's candidate new reason “${query.phrase}” is named for (it also counts survey answers).`
    : `Cancellation reasons with the phrase “${query.phrase}”, as the Themes page finds it (which also counts survey answers).`;
  return { text, remove, removeLabel: 'Remove the phrase' };
}

/** Changing what is searched for starts again at the first page. */
export function searchPatch(patch: ParamPatch): ParamPatch {
  return { ...patch, cursor: undefined };
}

export function sentimentLabel(sentiment: number | null): string {
  if (sentiment === null) return 'unknown';
  return SENTIMENT_BANDS.find((band) => withinSentimentBounds(sentiment, band.bounds))?.key ?? 'unknown';
}

/**
 * What the table shows of a verbatim's classification next to its reason: the classifier's confidence and
 * evidence when the text decided the reason. When the customer's picked reason stands (the text names none,
 * reasonOrigin 'reason_code') they are the text's confidence in Other and would read as support for the pick,
 * so the table shows none and says what the text alone reads as.
 */
export function shownClassification(verbatim: Verbatim): {
  confidence: number | null;
  evidence: string[];
  textAlone?: string;
} {
  if (verbatim.reasonOrigin !== 'reason_code') {
    return { confidence: verbatim.confidence, evidence: verbatim.evidence };
  }
  if (verbatim.confidence === null) return { confidence: null, evidence: [] };
  return {
    confidence: null,
    evidence: [],
    textAlone: `the text alone reads as ${reasonLabel('other')} (${formatPercent(verbatim.confidence)})`,
  };
}
