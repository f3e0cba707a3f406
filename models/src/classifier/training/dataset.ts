/**
 * Labeled texts → sparse design matrix, through the same Featurizer the runtime classifier uses, so training
 * and prediction see identical features.
 */
import { type FeatureSettings, Featurizer } from '../features/featurizer.ts';
import type { SeedLexicon } from '../features/seed-lexicon.ts';
import { FixedVocabulary, GrowingVocabulary } from '../features/vocabulary.ts';

export interface LabeledExample {
  text: string;
  label: string;
  /** How much this example counts in training (manual relabels count more); default 1. */
  weight?: number;
  /**
   * Where the example comes from: a corpus file (default), a taxonomy seed phrase (trained on, but not
   * scored in cross-validation: seeds are easy and would flatter the figures) or a manual relabel.
   */
  origin?: 'corpus' | 'seed' | 'feedback';
}

export interface SparseDataset {
  /** Feature range of example i is offsets[i]..offsets[i+1]. */
  offsets: Int32Array;
  rows: Int32Array;
  values: Float32Array;
  labels: Int32Array;
  weights: Float32Array;
  /**
   * 1 for texts without a meaningful word ("n/a", "???"): the classifier answers those with the fallback
   * reason without consulting the model, so they carry no training weight.
   */
  contentFree: Uint8Array;
  featureCount: number;
}

/**
 * The features a model trained on `texts` keeps: those seen in at least `minDocumentFrequency` texts, in
 * ascending hash order so rows do not depend on corpus order.
 */
export function selectVocabulary(
  texts: readonly string[],
  settings: FeatureSettings,
  lexicon: SeedLexicon,
  minDocumentFrequency: number,
): FixedVocabulary {
  const growing = new GrowingVocabulary();
  const featurizer = new Featurizer(settings, growing, lexicon);
  const documentFrequency: number[] = [];
  const lastSeenIn: number[] = [];
  texts.forEach((text, textIndex) => {
    const vector = featurizer.extract(text);
    for (let feature = 0; feature < vector.featureCount; feature++) {
      const row = vector.rows[feature] as number;
      if (lastSeenIn[row] === textIndex) continue;
      lastSeenIn[row] = textIndex;
      documentFrequency[row] = (documentFrequency[row] ?? 0) + 1;
    }
  });
  const kept = growing.hashes.filter((_, row) => (documentFrequency[row] ?? 0) >= minDocumentFrequency);
  return new FixedVocabulary(Uint32Array.from(kept).sort());
}

export function buildDataset(
  examples: readonly LabeledExample[],
  reasons: readonly string[],
  settings: FeatureSettings,
  lexicon: SeedLexicon,
  vocabulary: FixedVocabulary,
): SparseDataset {
  const featurizer = new Featurizer(settings, vocabulary, lexicon);
  const offsets = new Int32Array(examples.length + 1);
  const rows: number[] = [];
  const values: number[] = [];
  const labels = new Int32Array(examples.length);
  const weights = new Float32Array(examples.length);
  const contentFree = new Uint8Array(examples.length);
  examples.forEach((example, index) => {
    const label = reasons.indexOf(example.label);
    if (label < 0) throw new Error(`example ${index + 1}: label "${example.label}" is not in the taxonomy`);
    labels[index] = label;
    const vector = featurizer.extract(example.text);
    contentFree[index] = vector.meaningfulTokens === 0 ? 1 : 0;
    weights[index] = contentFree[index] === 1 ? 0 : (example.weight ?? 1);
    for (let feature = 0; feature < vector.featureCount; feature++) {
      rows.push(vector.rows[feature] as number);
      values.push(vector.values[feature] as number);
    }
    offsets[index + 1] = rows.length;
  });
  return {
    offsets,
    rows: Int32Array.from(rows),
    values: Float32Array.from(values),
    labels,
    weights,
    contentFree,
    featureCount: vocabulary.size,
  };
}
