/**
 * Ranks key phrases by how much more often they appear in a period than in the previous period of equal
 * length. DuckDB counts the phrases; this module only scores and de-duplicates the few hundred candidates.
 *
 * Score (TF-IDF-style, the previous period playing the role of the reference corpus):
 *   rise  = share(current) - share(previous)            where share = documents with the phrase / documents
 *   idf   = ln((1 + previousDocuments) / (1 + previousCount)) + 1
 *   score = rise × idf
 * so a phrase that was rare before and is now common outranks one that was already common and rose a little.
 */
import { twoProportionZTest } from './two-proportion-z-test.ts';

export interface PhraseCounts {
  phrase: string;
  /** Documents (verbatims) of the current period containing the phrase. */
  current: number;
  /** Documents of the previous period containing the phrase. */
  previous: number;
}

export interface PeriodSizes {
  currentDocuments: number;
  previousDocuments: number;
}

export interface EmergingPhrase extends PhraseCounts {
  currentShare: number;
  previousShare: number;
  /** Relative change of the share (0.5 = +50%); null when the phrase did not occur in the previous period. */
  growth: number | null;
  score: number;
  /** Two-proportion z-test of the two shares, two-sided. */
  pValue: number;
}

export interface EmergingPhraseOptions {
  /** Phrases found in fewer current documents are noise, not themes. */
  minCurrentCount?: number;
  limit?: number;
  /**
   * A longer phrase replaces a shorter one it contains when it covers at least this share of the shorter
   * phrase's documents ("ai assistant" rather than "assistant").
   */
  absorbShare?: number;
}

export function rankEmergingPhrases(
  counts: readonly PhraseCounts[],
  sizes: PeriodSizes,
  options: EmergingPhraseOptions = {},
): EmergingPhrase[] {
  const { minCurrentCount = 3, limit = 10, absorbShare = 0.7 } = options;
  if (sizes.currentDocuments === 0) return [];
  const candidates = counts
    .filter((entry) => entry.current >= minCurrentCount)
    .map((entry) => scorePhrase(entry, sizes))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || b.current - a.current || a.phrase.localeCompare(b.phrase));

  const chosen: EmergingPhrase[] = [];
  for (const candidate of candidates) {
    if (chosen.length >= limit) break;
    const phrase = mostSpecificVariant(candidate, candidates, absorbShare);
    if (chosen.some((picked) => overlaps(picked.phrase, phrase.phrase))) continue;
    chosen.push(phrase);
  }
  return chosen;
}

function scorePhrase(entry: PhraseCounts, sizes: PeriodSizes): EmergingPhrase {
  const currentShare = entry.current / sizes.currentDocuments;
  const previousShare = sizes.previousDocuments === 0 ? 0 : entry.previous / sizes.previousDocuments;
  const idf = Math.log((1 + sizes.previousDocuments) / (1 + entry.previous)) + 1;
  return {
    ...entry,
    currentShare,
    previousShare,
    growth: entry.previous === 0 ? null : currentShare / previousShare - 1,
    score: Math.max(0, currentShare - previousShare) * idf,
    pValue: twoProportionZTest(entry.current, sizes.currentDocuments, entry.previous, sizes.previousDocuments)
      .pValue,
  };
}

/** The longest candidate containing `phrase` that still covers most of its documents, else the phrase. */
function mostSpecificVariant(
  phrase: EmergingPhrase,
  candidates: readonly EmergingPhrase[],
  absorbShare: number,
): EmergingPhrase {
  let best = phrase;
  for (const candidate of candidates) {
    if (!containsWords(candidate.phrase, phrase.phrase)) continue;
    if (candidate.current < absorbShare * phrase.current) continue;
    const longer = wordCount(candidate.phrase) > wordCount(best.phrase);
    const sameLengthMoreCommon =
      wordCount(candidate.phrase) === wordCount(best.phrase) && candidate.current > best.current;
    if (longer || sameLengthMoreCommon) best = candidate;
  }
  return best;
}

function overlaps(a: string, b: string): boolean {
  return containsWords(a, b) || containsWords(b, a);
}

/** True when `inner` occurs in `outer` as a run of whole words. */
export function containsWords(outer: string, inner: string): boolean {
  return ` ${outer} `.includes(` ${inner} `);
}

function wordCount(phrase: string): number {
  return phrase.split(' ').length;
}
