/**
 * Text → sparse feature vector. Per token (memoized): language votes, stopword flags, stems per language,
 * accent-folded character n-grams; per text: the language, negation scopes, word bigrams, clause boundaries
 * and lexicon sentiment. Features are hashed (./hashing.ts) and resolved to model rows through a vocabulary,
 * so the memoized token entries hold row numbers and scoring is a typed-array walk.
 *
 * One Featurizer reuses its output buffers: `extract` returns the same FeatureVector object every call.
 */
import { salutationLength } from '../../letter-salutation.ts';
import { isStopword, LANGUAGE_COUNT, pickLanguage, tokenLanguageVotes } from '../text/language.ts';
import { isConjunction, isContrastWord, isNegationCue } from '../text/negation.ts';
import { wordPolarity } from '../text/sentiment-lexicon.ts';
import { foldAccents, scanTokens, type TokenSink } from '../text/tokenize.ts';
import { combineHashes, hashText, Namespace } from './hashing.ts';
import { EMPTY_SEED_LEXICON, MAX_SEEDED_REASONS, type SeedLexicon, stemKey } from './seed-lexicon.ts';
import { TokenMemo } from './token-memo.ts';

export interface FeatureSettings {
  /** Character n-gram lengths over the accent-folded word padded as "<word>". */
  charNgramMin: number;
  charNgramMax: number;
  wordWeight: number;
  bigramWeight: number;
  charWeight: number;
  /** Weight of the per-reason seed features (./seed-lexicon.ts). */
  seedWeight: number;
  /** Content words a negation cue reaches. */
  negationScope: number;
  /**
   * Leave a letter's salutation unread ("Dear Support,": letter-salutation.ts). Models trained before it
   * existed read it, and keep doing so: a model's readings never change under its version.
   */
  skipSalutation: boolean;
}

export const DEFAULT_FEATURE_SETTINGS: FeatureSettings = {
  charNgramMin: 3,
  charNgramMax: 4,
  wordWeight: 1,
  bigramWeight: 1,
  charWeight: 0.4,
  seedWeight: 1,
  negationScope: 3,
  skipSalutation: true,
};

/** Maps a feature hash to a model row, or -1 when the model does not know the feature. */
export interface FeatureVocabulary {
  rowOf(hash: number): number;
}

/** Longer texts are cut here: reasons come first, and it bounds the cost of pasted essays. */
export const MAX_TOKENS = 400;
/** Lower-cased entries are shared by spellings ("Price", "PRICE"); dropped past this size. */
const MAX_LOWER_CASED_ENTRIES = 200_000;

const NOT_COMPUTED = -2;
const LANGUAGE_SLOTS = 6;
/** Lexicon polarities have at most four decimals, so they are stored exactly as integers. */
const POLARITY_SCALE = 10_000;

export class TokenEntry {
  readonly languageVotes: Float32Array | null;
  /** Bit i set when the token is a stopword in language i. */
  readonly stopwords: number;
  readonly negationCue: boolean;
  readonly contrast: boolean;
  readonly conjunction: boolean;
  /** Carries meaning on its own: not a stopword-only or one-letter token (checked per language). */
  readonly meaningful: boolean;
  readonly hasLetters: boolean;
  /** Model rows of the known character n-grams: plain ones, then (from `negatedCharStart`) negated ones. */
  readonly charRows: Int32Array;
  readonly negatedCharStart: number;
  readonly charNgramCount: number;
  /**
   * Per language, filled on first use, LANGUAGE_SLOTS ints each (one array keeps memoized entries small):
   * word hash and row, plain and negated; seed-reason bit mask; polarity × POLARITY_SCALE.
   */
  private readonly perLanguage = new Int32Array(LANGUAGE_COUNT * LANGUAGE_SLOTS).fill(NOT_COMPUTED);
  /** Bit i set when, in language i, this word begins a seeded two-word phrase. */
  seedBigramStarts = 0;
  /**
   * Scorer's cache for featurizers that aggregate token features, per language index: this token's summed,
   * weighted model weights (word, character n-grams, seed words), plain then negated. Valid for the model
   * of the featurizer that owns the entry. (Shared words like "a" or "no" occur in several languages.)
   */
  readonly scores: (Float32Array | undefined)[] = [];

  constructor(
    readonly lower: string,
    settings: FeatureSettings,
    vocabulary: FeatureVocabulary,
  ) {
    this.languageVotes = tokenLanguageVotes(lower);
    let stopwords = 0;
    for (let language = 0; language < LANGUAGE_COUNT; language++) {
      if (isStopword(lower, language)) stopwords |= 1 << language;
    }
    this.stopwords = stopwords;
    this.negationCue = isNegationCue(lower);
    this.contrast = isContrastWord(lower);
    this.conjunction = isConjunction(lower);
    this.hasLetters = /\p{L}/u.test(lower);
    // Emoji and currency symbols mean something; bare numbers and single letters ("n/a") do not.
    this.meaningful = this.hasLetters ? lower.length > 1 : !/^\p{N}+$/u.test(lower);
    const ngrams = characterNgramHashes(lower, settings);
    this.charNgramCount = ngrams.plain.length;
    const plain = resolveKnown(ngrams.plain, vocabulary);
    this.charRows = Int32Array.from([...plain, ...resolveKnown(ngrams.negated, vocabulary)]);
    this.negatedCharStart = plain.length;
  }

  wordHash(language: number, negated: boolean): number {
    return (this.perLanguage[language * LANGUAGE_SLOTS + (negated ? 1 : 0)] as number) >>> 0;
  }

  wordRow(language: number, negated: boolean): number {
    return this.perLanguage[language * LANGUAGE_SLOTS + (negated ? 3 : 2)] as number;
  }

  seedReasons(language: number): number {
    return this.perLanguage[language * LANGUAGE_SLOTS + 4] as number;
  }

  polarity(language: number): number {
    return (this.perLanguage[language * LANGUAGE_SLOTS + 5] as number) / POLARITY_SCALE;
  }

  /** Computes the language-dependent data (stem hashes, rows, seeds, polarity) once per language. */
  prepareLanguage(language: number, vocabulary: FeatureVocabulary, lexicon: SeedLexicon): void {
    const base = language * LANGUAGE_SLOTS;
    if (this.perLanguage[base + 2] !== NOT_COMPUTED) return;
    const stem = stemKey(this.lower, language);
    if (lexicon.startsBigram(stem)) this.seedBigramStarts |= 1 << language;
    const plain = hashText(stem, Namespace.word);
    const negated = hashText(stem, Namespace.negatedWord);
    this.perLanguage[base] = plain;
    this.perLanguage[base + 1] = negated;
    this.perLanguage[base + 2] = vocabulary.rowOf(plain);
    this.perLanguage[base + 3] = vocabulary.rowOf(negated);
    this.perLanguage[base + 4] = lexicon.wordReasons(foldAccents(this.lower), stem);
    this.perLanguage[base + 5] = Math.round(wordPolarity(this.lower, language) * POLARITY_SCALE);
  }
}

function characterNgramHashes(
  lower: string,
  settings: FeatureSettings,
): { plain: number[]; negated: number[] } {
  const plain: number[] = [];
  const negated: number[] = [];
  if (/^\p{N}+$/u.test(lower)) return { plain, negated };
  const padded = `<${foldAccents(lower)}>`;
  const longest = Math.min(settings.charNgramMax, padded.length);
  const shortest = Math.min(settings.charNgramMin, longest);
  for (let length = shortest; length <= longest; length++) {
    for (let start = 0; start + length <= padded.length; start++) {
      plain.push(hashText(padded, Namespace.charNgram, start, start + length));
      negated.push(hashText(padded, Namespace.negatedCharNgram, start, start + length));
    }
  }
  return { plain, negated };
}

function resolveKnown(hashes: number[], vocabulary: FeatureVocabulary): Int32Array {
  const rows: number[] = [];
  for (const hash of hashes) {
    const row = vocabulary.rowOf(hash);
    if (row >= 0) rows.push(row);
  }
  return Int32Array.from(rows);
}

/** A text's features; buffers are reused across calls, valid until the next `extract`. */
export class FeatureVector {
  tokenCount = 0;
  tokenStart = new Int32Array(MAX_TOKENS);
  tokenEnd = new Int32Array(MAX_TOKENS);
  tokenClause = new Int32Array(MAX_TOKENS);
  tokenNegated = new Uint8Array(MAX_TOKENS);
  /** 1 for tokens that are filler in the detected language (stopwords, single letters), not negation cues. */
  tokenFiller = new Uint8Array(MAX_TOKENS);
  /** Tokens that carry meaning in the detected language (not stopwords or single letters). */
  meaningfulTokens = 0;
  clauseCount = 0;
  /** Index into LANGUAGES, or -1 when the text has no word at all. */
  language = -1;
  /** Sum of lexicon polarities, negation-aware. */
  polarity = 0;
  /** The L2 normalization factor every feature value was multiplied by. */
  scale = 0;
  /** The memoized entry of each token (its character n-grams, when aggregated, are scored from it). */
  tokenEntries: TokenEntry[] = [];
  featureCount = 0;
  rows = new Int32Array(MAX_TOKENS * 24);
  values = new Float32Array(MAX_TOKENS * 24);
  /** Token each feature came from (a bigram belongs to its second word). */
  owners = new Int32Array(MAX_TOKENS * 24);

  /** Grows the feature buffers when a text of long words overflows them. */
  ensureFeatureCapacity(needed: number): void {
    if (needed <= this.rows.length) return;
    const size = Math.max(needed, this.rows.length * 2);
    const rows = new Int32Array(size);
    const values = new Float32Array(size);
    const owners = new Int32Array(size);
    rows.set(this.rows);
    values.set(this.values);
    owners.set(this.owners);
    this.rows = rows;
    this.values = values;
    this.owners = owners;
  }
}

export class Featurizer implements TokenSink {
  private readonly memo = new TokenMemo<TokenEntry>(19);
  /** Every number shares one entry (numbers all featurize as "#"), so order IDs do not churn the memo. */
  private numberEntry: TokenEntry | undefined;
  private readonly lowerCased = new Map<string, TokenEntry>();
  private readonly entries: TokenEntry[] = [];
  private readonly breaks = new Uint8Array(MAX_TOKENS);
  private readonly languageTotals = new Float64Array(LANGUAGE_COUNT);
  private readonly vector = new FeatureVector();
  /** Rows of the "seed of reason r" features, plain and negated. */
  private readonly seedRows: Int32Array;
  private readonly negatedSeedRows: Int32Array;

  /**
   * `aggregateTokenFeatures`: leave the features that depend on one token only (word, character n-grams,
   * seed words) out of the feature list (they still count in the normalization); the scorer adds them per
   * token from TokenEntry.scores (see `forEachTokenFeature`), which is much faster than walking a dozen
   * rows per word on every call. Bigrams are still listed.
   */
  constructor(
    readonly settings: FeatureSettings,
    private readonly vocabulary: FeatureVocabulary,
    private readonly lexicon: SeedLexicon = EMPTY_SEED_LEXICON,
    private readonly aggregateTokenFeatures = false,
  ) {
    this.vector.tokenEntries = this.entries;
    this.seedRows = Int32Array.from({ length: MAX_SEEDED_REASONS }, (_, reason) =>
      vocabulary.rowOf(combineHashes(reason, 0, Namespace.seed)),
    );
    this.negatedSeedRows = Int32Array.from({ length: MAX_SEEDED_REASONS }, (_, reason) =>
      vocabulary.rowOf(combineHashes(reason, 0, Namespace.negatedSeed)),
    );
  }

  token(text: string, start: number, end: number, clauseBreakBefore: boolean): void {
    const index = this.vector.tokenCount;
    this.entries[index] = this.entryFor(text, start, end);
    this.vector.tokenStart[index] = start;
    this.vector.tokenEnd[index] = end;
    this.breaks[index] = clauseBreakBefore ? 1 : 0;
    this.vector.tokenCount = index + 1;
  }

  extract(text: string): FeatureVector {
    const vector = this.vector;
    vector.tokenCount = 0;
    vector.featureCount = 0;
    vector.polarity = 0;
    vector.meaningfulTokens = 0;
    vector.clauseCount = 0;
    // Whom a letter addresses is no reason: "Dear Support," made letters about prices customer_service.
    scanTokens(text, this, MAX_TOKENS, this.settings.skipSalutation ? salutationLength(text) : 0);
    vector.language = this.detectLanguage();
    if (vector.tokenCount === 0) return vector;
    this.emitFeatures(Math.max(vector.language, 0));
    return vector;
  }

  /**
   * The known features of one token on its own, with their unnormalized values: its word, its character
   * n-grams and the seed words it matches. The entry must be prepared for `language`.
   */
  forEachTokenFeature(
    entry: TokenEntry,
    language: number,
    negated: boolean,
    visit: (row: number, value: number) => void,
  ): void {
    const { wordWeight, charWeight, seedWeight } = this.settings;
    const wordRow = entry.wordRow(language, negated);
    if (wordRow >= 0) visit(wordRow, wordWeight);
    const charEnd = negated ? entry.charRows.length : entry.negatedCharStart;
    for (let gram = negated ? entry.negatedCharStart : 0; gram < charEnd; gram++) {
      visit(entry.charRows[gram] as number, charWeight);
    }
    for (let reasons = entry.seedReasons(language); reasons !== 0; reasons &= reasons - 1) {
      const row = (negated ? this.negatedSeedRows : this.seedRows)[
        31 - Math.clz32(reasons & -reasons)
      ] as number;
      if (row >= 0) visit(row, seedWeight);
    }
  }

  private entryFor(text: string, start: number, end: number): TokenEntry {
    const hash = TokenMemo.hash(text, start, end);
    let entry = this.memo.get(hash, text, start, end);
    if (entry) return entry;
    const raw = text.slice(start, end);
    if (/^\p{N}+$/u.test(raw)) {
      this.numberEntry ??= new TokenEntry('0', this.settings, this.vocabulary);
      return this.numberEntry;
    }
    const lower = raw.toLowerCase().replace(/’/g, "'");
    entry = this.lowerCased.get(lower);
    if (!entry) {
      entry = new TokenEntry(lower, this.settings, this.vocabulary);
      if (this.lowerCased.size >= MAX_LOWER_CASED_ENTRIES) this.lowerCased.clear();
      this.lowerCased.set(lower, entry);
    }
    this.memo.set(hash, raw, entry);
    return entry;
  }

  private detectLanguage(): number {
    const totals = this.languageTotals;
    totals.fill(0);
    let hasLetters = false;
    for (let index = 0; index < this.vector.tokenCount; index++) {
      const entry = this.entries[index] as TokenEntry;
      hasLetters ||= entry.hasLetters;
      const votes = entry.languageVotes;
      if (!votes) continue;
      for (let language = 0; language < LANGUAGE_COUNT; language++) {
        totals[language] = (totals[language] as number) + (votes[language] as number);
      }
    }
    return hasLetters ? pickLanguage(totals) : -1;
  }

  private emitFeatures(language: number): void {
    const vector = this.vector;
    const { wordWeight, bigramWeight, charWeight, seedWeight, negationScope } = this.settings;
    const stopwordBit = 1 << language;
    let count = 0;
    let sumSquares = 0;
    let clause = 0;
    let negationLeft = 0;
    let previousHash = 0;
    let previousPlainHash = 0;
    let previousStartsSeed = false;
    let hasPrevious = false;
    for (let index = 0; index < vector.tokenCount; index++) {
      const entry = this.entries[index] as TokenEntry;
      entry.prepareLanguage(language, this.vocabulary, this.lexicon);
      vector.ensureFeatureCapacity(count + 2 + 2 * MAX_SEEDED_REASONS + entry.charRows.length);
      const stopword = (entry.stopwords & stopwordBit) !== 0;
      if (index > 0 && (this.breaks[index] === 1 || entry.contrast)) {
        clause += 1;
        negationLeft = 0;
        hasPrevious = false;
      } else if (index > 0 && entry.conjunction) {
        clause += 1;
      }
      const negated = negationLeft > 0 && !entry.negationCue;
      if (entry.negationCue) negationLeft = negationScope;
      else if (negated && !stopword) negationLeft -= 1;
      const filler = !entry.negationCue && (stopword || !entry.meaningful);
      if (!filler && !entry.negationCue) vector.meaningfulTokens += 1;
      vector.tokenFiller[index] = filler ? 1 : 0;
      vector.tokenClause[index] = clause;
      vector.tokenNegated[index] = negated ? 1 : 0;
      vector.polarity += negated ? -entry.polarity(language) : entry.polarity(language);

      sumSquares += wordWeight * wordWeight + entry.charNgramCount * charWeight * charWeight;
      for (let reasons = entry.seedReasons(language); reasons !== 0; reasons &= reasons - 1) {
        sumSquares += seedWeight * seedWeight;
      }
      if (!this.aggregateTokenFeatures) {
        this.forEachTokenFeature(entry, language, negated, (row, value) => {
          vector.rows[count] = row;
          vector.values[count] = value;
          vector.owners[count++] = index;
        });
      }

      const wordHash = entry.wordHash(language, negated);
      const plainHash = entry.wordHash(language, false);
      if (hasPrevious) {
        const bigramRow = this.vocabulary.rowOf(combineHashes(previousHash, wordHash, Namespace.bigram));
        if (bigramRow >= 0) {
          vector.rows[count] = bigramRow;
          vector.values[count] = bigramWeight;
          vector.owners[count++] = index;
        }
        sumSquares += bigramWeight * bigramWeight;
        // A seeded two-word phrase carries its own negation ("no time"), so it always fires plain.
        const seedReasons = previousStartsSeed
          ? this.lexicon.bigramReasons(combineHashes(previousPlainHash, plainHash, Namespace.bigram))
          : 0;
        for (let reasons = seedReasons; reasons !== 0; reasons &= reasons - 1) {
          const row = this.seedRows[31 - Math.clz32(reasons & -reasons)] as number;
          if (row >= 0) {
            vector.rows[count] = row;
            vector.values[count] = seedWeight;
            vector.owners[count++] = index;
          }
          sumSquares += seedWeight * seedWeight;
        }
      }
      previousHash = wordHash;
      previousPlainHash = plainHash;
      previousStartsSeed = (entry.seedBigramStarts & stopwordBit) !== 0;
      hasPrevious = true;
    }
    const scale = sumSquares > 0 ? 1 / Math.sqrt(sumSquares) : 0;
    vector.scale = scale;
    for (let feature = 0; feature < count; feature++)
      vector.values[feature] = (vector.values[feature] as number) * scale;
    vector.featureCount = count;
    vector.clauseCount = clause + 1;
  }
}
