/**
 * Classifier for a custom taxonomy that has seed phrases but no labeled examples: a text goes to the reason
 * whose seed phrase (or label) it is most similar to, by cosine similarity of the same stem, bigram and
 * character n-gram features the trained model uses, so typos and inflections still match.
 *
 * Without labeled data nothing can be calibrated: confidence is a softmax of similarities, and any text
 * whose best similarity is weak goes to the fallback reason and to review.
 */

import { createHash } from 'node:crypto';
import type { ReasonClassification, ReasonClassifier } from './classification.ts';
import { DEFAULT_FEATURE_SETTINGS, Featurizer } from './features/featurizer.ts';
import { FixedVocabulary, GrowingVocabulary } from './features/vocabulary.ts';
import type { TaxonomyFile } from './taxonomy-file.ts';
import { LANGUAGES, UNDETERMINED_LANGUAGE } from './text/language.ts';

/** Below this cosine similarity a text matches no seed; the fallback reason gets this as its score. */
const MIN_SIMILARITY = 0.2;
/** Similarities are sharpened into probabilities with this softmax temperature. */
const SIMILARITY_TEMPERATURE = 0.08;
/** Predictions below this confidence, or matching no seed well, need review. */
const REVIEW_CONFIDENCE = 0.6;
const MAX_EVIDENCE = 3;

const round = (value: number) => Math.round(value * 10_000) / 10_000;

export class SeedSimilarityClassifier implements ReasonClassifier<string> {
  readonly version: string;
  readonly reasons: readonly string[];
  private readonly fallbackIndex: number;
  private readonly featurizer: Featurizer;
  /** Row-major vocabulary × prototypes, each prototype's column L2-normalized. */
  private readonly prototypes: Float32Array;
  private readonly prototypeReason: Int32Array;

  constructor(taxonomy: TaxonomyFile) {
    this.reasons = taxonomy.reasons.map((reason) => reason.code);
    this.fallbackIndex = this.reasons.indexOf(taxonomy.fallbackReason);
    const phrases = taxonomy.reasons.flatMap((reason, index) =>
      [reason.label, ...reason.seedPhrases].map((text) => ({ text, reason: index })),
    );
    const growing = new GrowingVocabulary();
    const collector = new Featurizer(DEFAULT_FEATURE_SETTINGS, growing);
    for (const phrase of phrases) collector.extract(phrase.text);
    const vocabulary = new FixedVocabulary(Uint32Array.from(growing.hashes));
    const builder = new Featurizer(DEFAULT_FEATURE_SETTINGS, vocabulary);
    this.prototypes = new Float32Array(vocabulary.size * phrases.length);
    this.prototypeReason = Int32Array.from(phrases, (phrase) => phrase.reason);
    phrases.forEach((phrase, column) => {
      const vector = builder.extract(phrase.text);
      for (let feature = 0; feature < vector.featureCount; feature++) {
        const slot = (vector.rows[feature] as number) * phrases.length + column;
        this.prototypes[slot] = (this.prototypes[slot] as number) + (vector.values[feature] as number);
      }
    });
    this.featurizer = new Featurizer(DEFAULT_FEATURE_SETTINGS, vocabulary);
    const fingerprint = createHash('sha256').update(JSON.stringify(taxonomy)).digest('hex').slice(0, 10);
    this.version = `${taxonomy.name}-seeds-${fingerprint}`;
  }

  classify(text: string): ReasonClassification<string> {
    const vector = this.featurizer.extract(text);
    const language = vector.language < 0 ? UNDETERMINED_LANGUAGE : (LANGUAGES[vector.language] as string);
    const sentiment = round(Math.tanh(vector.polarity));
    const prototypeCount = this.prototypeReason.length;
    const similarity = new Float64Array(prototypeCount);
    for (let feature = 0; feature < vector.featureCount; feature++) {
      const base = (vector.rows[feature] as number) * prototypeCount;
      const value = vector.values[feature] as number;
      for (let column = 0; column < prototypeCount; column++) {
        similarity[column] =
          (similarity[column] as number) + value * (this.prototypes[base + column] as number);
      }
    }
    const reasonScore = new Float64Array(this.reasons.length);
    const bestPrototype = new Int32Array(this.reasons.length).fill(-1);
    for (let column = 0; column < prototypeCount; column++) {
      const reason = this.prototypeReason[column] as number;
      if ((similarity[column] as number) > (reasonScore[reason] as number)) {
        reasonScore[reason] = similarity[column] as number;
        bestPrototype[reason] = column;
      }
    }
    reasonScore[this.fallbackIndex] = Math.max(reasonScore[this.fallbackIndex] as number, MIN_SIMILARITY);
    const probabilities = softmax(reasonScore, SIMILARITY_TEMPERATURE);
    const ranked = [...this.reasons.keys()].sort(
      (a, b) => (probabilities[b] as number) - (probabilities[a] as number),
    );
    const best = vector.meaningfulTokens === 0 ? this.fallbackIndex : (ranked[0] as number);
    const confidence =
      vector.meaningfulTokens === 0 ? round(1 / this.reasons.length) : round(probabilities[best] as number);
    const runnerUp = ranked.find((index) => index !== best) as number;
    const secondary =
      best !== this.fallbackIndex &&
      runnerUp !== this.fallbackIndex &&
      (reasonScore[runnerUp] as number) >=
        Math.max(MIN_SIMILARITY * 1.5, 0.75 * (reasonScore[best] as number));
    const column = bestPrototype[best] as number;
    return {
      reason: this.reasons[best] as string,
      confidence,
      alternatives: ranked.slice(0, 3).map((index) => ({
        reason: this.reasons[index] as string,
        score: round(probabilities[index] as number),
      })),
      secondaryReason: secondary && vector.meaningfulTokens > 0 ? (this.reasons[runnerUp] as string) : null,
      sentiment,
      evidence: column < 0 || vector.meaningfulTokens === 0 ? [] : this.evidence(text, column),
      language,
      needsReview:
        vector.meaningfulTokens > 0 &&
        (confidence < REVIEW_CONFIDENCE || (reasonScore[best] as number) <= MIN_SIMILARITY),
    };
  }

  /** The text's tokens that share the most features with the matched seed phrase. */
  private evidence(text: string, column: number): string[] {
    const vector = this.featurizer.extract(text);
    const prototypeCount = this.prototypeReason.length;
    const tokenScore = new Float64Array(vector.tokenCount);
    for (let feature = 0; feature < vector.featureCount; feature++) {
      const owner = vector.owners[feature] as number;
      const weight = this.prototypes[(vector.rows[feature] as number) * prototypeCount + column] as number;
      tokenScore[owner] = (tokenScore[owner] as number) + (vector.values[feature] as number) * weight;
    }
    return [...tokenScore.keys()]
      .filter((token) => (tokenScore[token] as number) > 0 && vector.tokenFiller[token] === 0)
      .sort((a, b) => (tokenScore[b] as number) - (tokenScore[a] as number))
      .slice(0, MAX_EVIDENCE)
      .map((token) => text.slice(vector.tokenStart[token], vector.tokenEnd[token]));
  }
}

function softmax(scores: Float64Array, temperature: number): Float64Array {
  const max = Math.max(...scores);
  const exponentials = scores.map((score) => Math.exp((score - max) / temperature));
  const sum = exponentials.reduce((total, value) => total + value, 0);
  return exponentials.map((value) => value / sum);
}
