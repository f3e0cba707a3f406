/**
 * The runtime classifier: scores a verbatim with the trained linear model, calibrates with the fitted
 * temperature, and explains the answer (evidence, secondary reason) from per-token contributions. All
 * scratch buffers are allocated once per classifier, so a call allocates little beyond its result.
 */
import type { ReasonClassification, ReasonClassifier, ScoredReason } from './classification.ts';
import { type FeatureVector, Featurizer, MAX_TOKENS, type TokenEntry } from './features/featurizer.ts';
import { SeedLexicon } from './features/seed-lexicon.ts';
import { FixedVocabulary } from './features/vocabulary.ts';
import type { DecodedReasonModel } from './model-artifact.ts';
import { LANGUAGES, UNDETERMINED_LANGUAGE } from './text/language.ts';

/**
 * A clause must favour its own reason at least this much to be reported as a secondary reason. The whole
 * text's probability is no guide here: summed evidence makes it near-certain of the dominant reason.
 */
const SECONDARY_CLAUSE_PROBABILITY = 0.6;
/** Without clause structure, a runner-up this likely is reported as the secondary reason. */
const SECONDARY_RUNNER_UP_PROBABILITY = 0.3;
/** A token is evidence when it contributes at least this share of the strongest token's contribution. */
const EVIDENCE_SHARE = 0.3;
const MAX_EVIDENCE = 3;
const ALTERNATIVES = 3;

const round = (value: number) => Math.round(value * 10_000) / 10_000;

export class LinearReasonClassifier<Code extends string> implements ReasonClassifier<Code> {
  readonly version: string;
  readonly reasons: readonly Code[];
  private readonly featurizer: Featurizer;
  private readonly weights: Float32Array;
  private readonly bias: Float64Array;
  private readonly classes: number;
  private readonly temperature: number;
  private readonly reviewThreshold: number;
  private readonly fallbackIndex: number;
  private readonly tokenScores: Float64Array;
  private readonly clauseScores: Float64Array;
  private readonly probabilities: Float64Array;
  private readonly clauseProbabilities: Float64Array;
  private readonly order: Int32Array;
  private readonly selected = new Uint8Array(MAX_TOKENS);
  private readonly phraseFirst = new Int32Array(MAX_TOKENS);
  private readonly phraseLast = new Int32Array(MAX_TOKENS);
  private readonly phraseScore = new Float64Array(MAX_TOKENS);

  constructor(model: DecodedReasonModel) {
    this.version = model.version;
    this.reasons = model.reasons as Code[];
    this.classes = model.reasons.length;
    this.weights = model.weights;
    this.bias = model.bias;
    this.temperature = model.temperature;
    this.reviewThreshold = model.reviewThreshold;
    this.fallbackIndex = model.fallbackIndex;
    this.featurizer = new Featurizer(
      model.features,
      new FixedVocabulary(model.featureHashes),
      new SeedLexicon(model.seedPhrases),
      true,
    );
    this.tokenScores = new Float64Array(MAX_TOKENS * this.classes);
    this.clauseScores = new Float64Array(MAX_TOKENS * this.classes);
    this.probabilities = new Float64Array(this.classes);
    this.clauseProbabilities = new Float64Array(this.classes);
    this.order = new Int32Array(this.classes);
  }

  classify(text: string): ReasonClassification<Code> {
    const vector = this.featurizer.extract(text);
    const language = vector.language < 0 ? UNDETERMINED_LANGUAGE : (LANGUAGES[vector.language] as string);
    const sentiment = round(Math.tanh(vector.polarity));
    if (vector.meaningfulTokens === 0) return this.contentFree(language, sentiment);

    this.scoreTokens(vector);
    const probabilities = this.probabilities;
    this.sumInto(probabilities, this.tokenScores, 0, vector.tokenCount);
    this.calibrate(probabilities);
    const ranked = this.rank(probabilities);
    const best = ranked[0] as number;
    const confidence = round(probabilities[best] as number);
    return {
      reason: this.reasons[best] as Code,
      confidence,
      alternatives: this.alternatives(ranked, probabilities),
      secondaryReason: this.secondaryReason(vector, best, ranked),
      sentiment,
      evidence: this.evidence(text, vector, best),
      language,
      needsReview: confidence < this.reviewThreshold,
    };
  }

  /** Nothing but punctuation, stopwords or placeholders ("n/a", "no", "???"): no reason can be read. */
  private contentFree(language: string, sentiment: number): ReasonClassification<Code> {
    const uniform = round(1 / this.classes);
    const ranked = [this.fallbackIndex, ...this.reasons.keys()].filter(
      (index, position) => position === 0 || index !== this.fallbackIndex,
    );
    return {
      reason: this.reasons[this.fallbackIndex] as Code,
      confidence: uniform,
      alternatives: ranked
        .slice(0, ALTERNATIVES)
        .map((index) => ({ reason: this.reasons[index] as Code, score: uniform })),
      secondaryReason: null,
      sentiment,
      evidence: [],
      language,
      // There is nothing for a reviewer to read either.
      needsReview: false,
    };
  }

  /**
   * tokenScores[t·K + k] = Σ over token t's features of value × weight for reason k. The features of a
   * token on its own (word, character n-grams, seed words) come pre-summed per distinct token (see
   * Featurizer); only bigrams are walked per call.
   */
  private scoreTokens(vector: FeatureVector): void {
    const classes = this.classes;
    const scores = this.tokenScores;
    const scale = vector.scale;
    // Text without letters (emoji only) is featurized as English, like the Featurizer does.
    const language = Math.max(vector.language, 0);
    for (let token = 0; token < vector.tokenCount; token++) {
      const entry = vector.tokenEntries[token] as TokenEntry;
      const sums = entry.scores[language] ?? this.tokenFeatureScores(entry, language);
      const offset = vector.tokenNegated[token] === 1 ? classes : 0;
      for (let k = 0; k < classes; k++) scores[token * classes + k] = scale * (sums[offset + k] as number);
    }
    for (let feature = 0; feature < vector.featureCount; feature++) {
      const base = (vector.rows[feature] as number) * classes;
      const target = (vector.owners[feature] as number) * classes;
      const value = vector.values[feature] as number;
      for (let k = 0; k < classes; k++) {
        scores[target + k] = (scores[target + k] as number) + value * (this.weights[base + k] as number);
      }
    }
  }

  /** Weighted sums of a token's own features' weights in `language`, plain then negated; memoized. */
  private tokenFeatureScores(entry: TokenEntry, language: number): Float32Array {
    const classes = this.classes;
    const sums = new Float32Array(classes * 2);
    for (const negated of [false, true]) {
      const offset = negated ? classes : 0;
      this.featurizer.forEachTokenFeature(entry, language, negated, (row, value) => {
        for (let k = 0; k < classes; k++) {
          sums[offset + k] =
            (sums[offset + k] as number) + value * (this.weights[row * classes + k] as number);
        }
      });
    }
    entry.scores[language] = sums;
    return sums;
  }

  /** out = bias + Σ rows [from, to) of a row-major token or clause score table. */
  private sumInto(out: Float64Array, table: Float64Array, from: number, to: number): void {
    const classes = this.classes;
    out.set(this.bias);
    for (let row = from; row < to; row++) {
      for (let k = 0; k < classes; k++) out[k] = (out[k] as number) + (table[row * classes + k] as number);
    }
  }

  /** Temperature-scaled softmax, in place. */
  private calibrate(logits: Float64Array): void {
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < this.classes; k++) max = Math.max(max, (logits[k] as number) / this.temperature);
    let sum = 0;
    for (let k = 0; k < this.classes; k++) {
      const value = Math.exp((logits[k] as number) / this.temperature - max);
      logits[k] = value;
      sum += value;
    }
    for (let k = 0; k < this.classes; k++) logits[k] = (logits[k] as number) / sum;
  }

  /** Reason indexes by descending probability (insertion sort: K is small). */
  private rank(probabilities: Float64Array): Int32Array {
    const order = this.order;
    for (let k = 0; k < this.classes; k++) {
      let position = k;
      while (
        position > 0 &&
        (probabilities[order[position - 1] as number] as number) < (probabilities[k] as number)
      ) {
        order[position] = order[position - 1] as number;
        position -= 1;
      }
      order[position] = k;
    }
    return order;
  }

  private alternatives(ranked: Int32Array, probabilities: Float64Array): ScoredReason<Code>[] {
    const alternatives: ScoredReason<Code>[] = [];
    for (let position = 0; position < Math.min(ALTERNATIVES, this.classes); position++) {
      const index = ranked[position] as number;
      alternatives.push({
        reason: this.reasons[index] as Code,
        score: round(probabilities[index] as number),
      });
    }
    return alternatives;
  }

  /**
   * A reason other than the primary one that a clause of its own argues for ("too expensive, and support
   * never answers"); failing that, a runner-up the whole text makes nearly as likely.
   */
  private secondaryReason(vector: FeatureVector, best: number, ranked: Int32Array): Code | null {
    const classes = this.classes;
    const probabilities = this.probabilities;
    let secondary = -1;
    if (vector.clauseCount > 1) {
      const clauses = this.clauseScores;
      clauses.fill(0, 0, vector.clauseCount * classes);
      for (let token = 0; token < vector.tokenCount; token++) {
        const clause = vector.tokenClause[token] as number;
        for (let k = 0; k < classes; k++) {
          clauses[clause * classes + k] =
            (clauses[clause * classes + k] as number) + (this.tokenScores[token * classes + k] as number);
        }
      }
      for (let clause = 0; clause < vector.clauseCount; clause++) {
        const clauseProbabilities = this.clauseProbabilities;
        this.sumInto(clauseProbabilities, clauses, clause, clause + 1);
        this.calibrate(clauseProbabilities);
        let clauseBest = 0;
        for (let k = 1; k < classes; k++) {
          if ((clauseProbabilities[k] as number) > (clauseProbabilities[clauseBest] as number))
            clauseBest = k;
        }
        if (clauseBest === best || clauseBest === this.fallbackIndex) continue;
        if ((clauseProbabilities[clauseBest] as number) < SECONDARY_CLAUSE_PROBABILITY) continue;
        if (secondary < 0 || (probabilities[clauseBest] as number) > (probabilities[secondary] as number))
          secondary = clauseBest;
      }
    }
    const runnerUp = ranked[1] as number;
    if (
      secondary < 0 &&
      runnerUp !== this.fallbackIndex &&
      (probabilities[runnerUp] as number) >= SECONDARY_RUNNER_UP_PROBABILITY
    ) {
      secondary = runnerUp;
    }
    return secondary < 0 ? null : (this.reasons[secondary] as Code);
  }

  /**
   * The strongest runs of adjacent tokens pushing toward `reason`, quoted from the original text without
   * filler words at either end. A negated token brings its negation cue along ("no offline mode").
   */
  private evidence(text: string, vector: FeatureVector, reason: number): string[] {
    const classes = this.classes;
    let strongest = 0;
    for (let token = 0; token < vector.tokenCount; token++) {
      strongest = Math.max(strongest, this.tokenScores[token * classes + reason] as number);
    }
    if (strongest <= 0) return [];
    const selected = this.selected;
    selected.fill(0, 0, vector.tokenCount);
    for (let token = 0; token < vector.tokenCount; token++) {
      if ((this.tokenScores[token * classes + reason] as number) < EVIDENCE_SHARE * strongest) continue;
      selected[token] = 1;
      for (let back = token - 1; back >= 0 && vector.tokenNegated[back + 1] === 1; back--) selected[back] = 1;
    }
    // Runs of selected tokens within a clause, trimmed of filler at both ends; scratch arrays, no objects.
    const { phraseFirst, phraseLast, phraseScore } = this;
    let phraseCount = 0;
    for (let token = 0; token < vector.tokenCount; token++) {
      if (selected[token] === 0) continue;
      const score = Math.max(0, this.tokenScores[token * classes + reason] as number);
      const last = phraseCount > 0 ? (phraseLast[phraseCount - 1] as number) : -2;
      if (last === token - 1 && vector.tokenClause[token] === vector.tokenClause[last]) {
        phraseLast[phraseCount - 1] = token;
        phraseScore[phraseCount - 1] = (phraseScore[phraseCount - 1] as number) + score;
      } else {
        phraseFirst[phraseCount] = token;
        phraseLast[phraseCount] = token;
        phraseScore[phraseCount++] = score;
      }
    }
    for (let phrase = 0; phrase < phraseCount; phrase++) {
      let first = phraseFirst[phrase] as number;
      let last = phraseLast[phrase] as number;
      while (first < last && vector.tokenFiller[first] === 1) first += 1;
      while (last > first && vector.tokenFiller[last] === 1) last -= 1;
      // A lone filler word ("I", "was") is no evidence.
      if (first === last && vector.tokenFiller[first] === 1) phraseScore[phrase] = -1;
      phraseFirst[phrase] = first;
      phraseLast[phrase] = last;
    }
    const evidence: string[] = [];
    while (evidence.length < MAX_EVIDENCE) {
      let best = -1;
      for (let phrase = 0; phrase < phraseCount; phrase++) {
        if (
          (phraseScore[phrase] as number) >= 0 &&
          (best < 0 || (phraseScore[phrase] as number) > (phraseScore[best] as number))
        ) {
          best = phrase;
        }
      }
      if (best < 0) break;
      evidence.push(
        text.slice(
          vector.tokenStart[phraseFirst[best] as number],
          vector.tokenEnd[phraseLast[best] as number],
        ),
      );
      phraseScore[best] = -1;
    }
    return evidence;
  }
}
