/**
 * Lists one theme once even when it is told in words that share none: on the sample data, "forced" (as in
 * "forced ai features"), "disable" and "sidebar" rose with "ai" and took three of the ten places beside it,
 * although nearly all of their verbatims mention AI. A phrase most of whose verbatims of the period quote a
 * phrase already listed is a facet of that theme: it is named under it (`related`) instead of taking a place.
 * Textual overlaps ("ai assistant" and "assistant") are merged before this, by emerging-phrases.ts.
 */

/** Documents of the period containing both `phrase` and `other` (counted once per document); a pair once. */
export interface PhraseOverlap {
  phrase: string;
  other: string;
  shared: number;
}

export interface FacetOptions {
  limit: number;
  /** A phrase is a facet of a listed one when at least this share of its documents contain that one. */
  facetShare?: number;
}

/** "Most of its verbatims": half or more. */
const DEFAULT_FACET_SHARE = 0.5;

/**
 * The first `limit` of `ranked` (best first) that are not facets of a phrase listed before them, each with
 * its facets among all of `ranked`, in rank order. A facet goes under the first listed phrase it qualifies
 * for, so a phrase that mostly co-occurs with two themes is named under the higher-ranked one.
 */
export function foldFacets<T extends { phrase: string; current: number }>(
  ranked: readonly T[],
  overlaps: readonly PhraseOverlap[],
  options: FacetOptions,
): (T & { related: string[] })[] {
  const facetShare = options.facetShare ?? DEFAULT_FACET_SHARE;
  const shared = new Map(overlaps.map((overlap) => [pairKey(overlap.phrase, overlap.other), overlap.shared]));
  const listed: (T & { related: string[] })[] = [];
  for (const candidate of ranked) {
    const theme = listed.find(
      (entry) => (shared.get(pairKey(candidate.phrase, entry.phrase)) ?? 0) >= facetShare * candidate.current,
    );
    if (theme) theme.related.push(candidate.phrase);
    else if (listed.length < options.limit) listed.push({ ...candidate, related: [] });
  }
  return listed;
}

/** The same key for both orders of a pair. */
function pairKey(phrase: string, other: string): string {
  return phrase < other ? `${phrase}\u0000${other}` : `${other}\u0000${phrase}`;
}
