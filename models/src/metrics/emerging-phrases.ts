/**
 * Ranks key phrases by how much more often they appear in a period than in the previous period of equal
 * length, or, when the two periods cannot be compared, by how often they appear in the period. DuckDB counts
 * the phrases; this module only scores and de-duplicates the few hundred candidates.
 *
 * Score (TF-IDF-style, the previous period playing the role of the reference corpus):
 *   rise  = share(current) - share(previous)            where share = documents with the phrase / documents
 *   idf   = ln((1 + previousDocuments) / (1 + previousCount)) + 1
 *   score = rise × idf
 * so a phrase that was rare before and is now common outranks one that was already common and rose a little.
 */
import { benjaminiHochbergQValues } from './false-discovery-rate.ts';
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
  /**
   * pValue adjusted for every phrase tested (Benjamini–Hochberg, false-discovery-rate.ts): a rise is
   * significant when this, not pValue, is below the significance level.
   */
  qValue: number;
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
  /**
   * How many phrases were tested when `counts` holds only some of them (the query's candidates); the
   * others count as less significant than all passed (benjaminiHochbergQValues). Default: every count of
   * at least minCurrentCount.
   */
  phrasesTested?: number;
}

/** A phrase of a period not compared with the previous one: how often it appears, and nothing of a rise. */
export interface FrequentPhrase extends PhraseCounts {
  currentShare: number;
  /** Null when the previous period has no documents: a share of none is not 0%. */
  previousShare: number | null;
}

const NO_PREVIOUS_DOCUMENTS = 'the previous period has no verbatims';

/**
 * Why the phrases' shares of the two periods cannot be compared, or null when they can: the data's gap
 * (comparisonGap, as /api/summary says it), else a previous period without documents, where every phrase
 * would read as new although none was absent from anything.
 */
export function phraseComparisonGap(dataGap: string | null, sizes: PeriodSizes): string | null {
  if (dataGap !== null) return dataGap;
  return sizes.previousDocuments === 0 ? NO_PREVIOUS_DOCUMENTS : null;
}

export function rankEmergingPhrases<T extends PhraseCounts>(
  counts: readonly T[],
  sizes: PeriodSizes,
  options: EmergingPhraseOptions = {},
): (T & EmergingPhrase)[] {
  const { minCurrentCount = 3 } = options;
  if (sizes.currentDocuments === 0) return [];
  const tested = counts
    .filter((entry) => entry.current >= minCurrentCount)
    .map((entry) => scorePhrase(entry, sizes));
  // Falling phrases were tested too: a family of only the rises would understate how many were tried.
  const qValues = benjaminiHochbergQValues(
    tested.map((entry) => entry.pValue),
    Math.max(options.phrasesTested ?? 0, tested.length),
  );
  const candidates = tested
    .map((entry, index) => ({ ...entry, qValue: qValues[index] as number }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || b.current - a.current || a.phrase.localeCompare(b.phrase));
  return distinctPhrases(candidates, options);
}

/**
 * The phrases found in the most documents of the period, for when it cannot be compared with the previous
 * one (phraseComparisonGap): a phrase the previous period lacks because the data does not reach back to it
 * is not new, so no phrase is called new or rising, and none is scored by a rise.
 */
export function rankFrequentPhrases<T extends PhraseCounts>(
  counts: readonly T[],
  sizes: PeriodSizes,
  options: EmergingPhraseOptions = {},
): (T & FrequentPhrase)[] {
  const { minCurrentCount = 3 } = options;
  if (sizes.currentDocuments === 0) return [];
  const candidates = counts
    .filter((entry) => entry.current >= minCurrentCount)
    .map((entry) => ({
      ...entry,
      currentShare: entry.current / sizes.currentDocuments,
      previousShare: sizes.previousDocuments === 0 ? null : entry.previous / sizes.previousDocuments,
    }))
    .sort((a, b) => b.current - a.current || a.phrase.localeCompare(b.phrase));
  return distinctPhrases(candidates, options);
}

/** The first `limit` themes of the ranked candidates, each once, by its most specific phrase. */
function distinctPhrases<T extends PhraseCounts>(
  candidates: readonly T[],
  options: EmergingPhraseOptions,
): T[] {
  const { limit = 10, absorbShare = 0.7 } = options;
  const chosen: T[] = [];
  for (const candidate of candidates) {
    if (chosen.length >= limit) break;
    const phrase = mostSpecificVariant(candidate, candidates, absorbShare);
    if (chosen.some((picked) => overlaps(picked.phrase, phrase.phrase))) continue;
    chosen.push(phrase);
  }
  return chosen;
}

function scorePhrase<T extends PhraseCounts>(
  entry: T,
  sizes: PeriodSizes,
): T & Omit<EmergingPhrase, 'qValue'> {
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
function mostSpecificVariant<T extends PhraseCounts>(
  phrase: T,
  candidates: readonly T[],
  absorbShare: number,
): T {
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
