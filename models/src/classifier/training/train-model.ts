/**
 * The whole training recipe: vocabulary selection, logistic regression, k-fold cross-validation for an
 * honest accuracy estimate and for calibration (softmax temperature and review threshold fitted on
 * out-of-fold scores only), then the final model on all examples, encoded as an artifact.
 */
import { normalizeVerbatim } from '../../verbatim.ts';
import { evaluatePredictions, type ScoredPrediction } from '../evaluation/metrics.ts';
import { DEFAULT_FEATURE_SETTINGS, type FeatureSettings } from '../features/featurizer.ts';
import { SeedLexicon } from '../features/seed-lexicon.ts';
import { encodeArtifact, MODEL_FORMAT, type ReasonModelArtifact } from '../model-artifact.ts';
import { fitTemperature, reviewThreshold } from './calibration.ts';
import { buildDataset, type LabeledExample, selectVocabulary } from './dataset.ts';
import {
  DEFAULT_TRAINING_SETTINGS,
  exampleLogits,
  type LinearModel,
  softmaxInPlace,
  type TrainingSettings,
  trainLogisticRegression,
} from './logistic-regression.ts';
import { seededPermutation, seededRandom } from './seeded-random.ts';

export interface ReasonModelSpec {
  taxonomyName: string;
  reasons: readonly string[];
  fallbackReason: string;
  /** Seed phrases per reason, aligned with `reasons` (see features/seed-lexicon.ts). */
  seedPhrases?: readonly (readonly string[])[];
  /** Version strings read `<versionPrefix>-<content hash>`, e.g. "reasons-2026.11.25". */
  versionPrefix: string;
  features?: FeatureSettings;
  training?: TrainingSettings;
  minDocumentFrequency?: number;
  folds?: number;
  /** Precision the predictions kept out of review must reach in cross-validation. */
  reviewPrecision?: number;
}

export const DEFAULT_MIN_DOCUMENT_FREQUENCY = 2;
export const DEFAULT_FOLDS = 5;
export const DEFAULT_REVIEW_PRECISION = 0.9;
/** A human relabel outweighs a corpus line: it is a correction of exactly the kind of text we get wrong. */
export const FEEDBACK_WEIGHT = 8;

/**
 * Corpus examples plus manual relabels, one example per normalized text: a relabel replaces the corpus
 * line with the same text, and within the corpus the first occurrence wins.
 */
export function mergeTrainingExamples(
  corpus: readonly LabeledExample[],
  feedback: readonly LabeledExample[],
): LabeledExample[] {
  const byText = new Map<string, LabeledExample>();
  for (const example of corpus) {
    const key = normalizeVerbatim(example.text);
    if (!byText.has(key)) byText.set(key, example);
  }
  for (const example of feedback) {
    byText.set(normalizeVerbatim(example.text), {
      ...example,
      weight: example.weight ?? FEEDBACK_WEIGHT,
      origin: 'feedback',
    });
  }
  return [...byText.values()];
}

interface FittedModel {
  model: LinearModel;
  featureHashes: Uint32Array;
}

interface ModelSettings {
  reasons: readonly string[];
  features: FeatureSettings;
  lexicon: SeedLexicon;
  training: TrainingSettings;
  minDocumentFrequency: number;
  folds: number;
  reviewPrecision: number;
}

function fitModel(
  examples: readonly LabeledExample[],
  settings: ModelSettings,
): FittedModel & {
  score(held: readonly LabeledExample[]): { logits: Float64Array[]; contentFree: Uint8Array };
} {
  const { reasons, features, lexicon } = settings;
  const vocabulary = selectVocabulary(
    examples.map((example) => example.text),
    features,
    lexicon,
    settings.minDocumentFrequency,
  );
  const data = buildDataset(examples, reasons, features, lexicon, vocabulary);
  const model = trainLogisticRegression(data, reasons.length, settings.training);
  return {
    model,
    featureHashes: vocabulary.hashes,
    score(held) {
      const heldData = buildDataset(held, reasons, features, lexicon, vocabulary);
      const logits = held.map((_, index) => {
        const row = new Float64Array(reasons.length);
        exampleLogits(model, heldData, index, row);
        return row;
      });
      return { logits, contentFree: heldData.contentFree };
    },
  };
}

interface CrossValidationResult {
  folds: number;
  logits: Float64Array[];
  labels: Int32Array;
  contentFree: Uint8Array;
}

function crossValidate(
  examples: readonly LabeledExample[],
  settings: ModelSettings,
): CrossValidationResult | undefined {
  const { reasons, folds } = settings;
  if (folds < 2 || examples.length < folds * reasons.length) return undefined;
  const order = seededPermutation(examples.length, seededRandom(settings.training.seed ^ 0x5eed));
  const foldOf = new Int32Array(examples.length);
  order.forEach((exampleIndex, position) => {
    foldOf[exampleIndex] = position % folds;
  });
  const logits: Float64Array[] = new Array(examples.length);
  const contentFree = new Uint8Array(examples.length);
  for (let fold = 0; fold < folds; fold++) {
    const trainPart = examples.filter((_, index) => foldOf[index] !== fold);
    const heldIndexes = examples.flatMap((_, index) => (foldOf[index] === fold ? [index] : []));
    const fitted = fitModel(trainPart, settings);
    const scores = fitted.score(heldIndexes.map((index) => examples[index] as LabeledExample));
    heldIndexes.forEach((exampleIndex, position) => {
      logits[exampleIndex] = scores.logits[position] as Float64Array;
      contentFree[exampleIndex] = scores.contentFree[position] as number;
    });
  }
  const labels = Int32Array.from(examples, (example) => reasons.indexOf(example.label));
  return { folds, logits, labels, contentFree };
}

/** Fits the temperature on the texts the model actually scores (content-free ones bypass it). */
function fitCalibration(result: CrossValidationResult): number {
  const scored = result.logits.flatMap((_, index) => (result.contentFree[index] === 1 ? [] : [index]));
  return fitTemperature(
    scored.map((index) => result.logits[index] as Float64Array),
    scored.map((index) => result.labels[index] as number),
  );
}

/** Out-of-fold predictions as the runtime classifier makes them, content-free rule included. */
function calibratedPredictions(
  result: CrossValidationResult,
  reasons: readonly string[],
  fallbackReason: string,
  temperature: number,
): ScoredPrediction[] {
  return result.logits.map((row, index) => {
    const actual = reasons[result.labels[index] as number] as string;
    if (result.contentFree[index] === 1)
      return { actual, predicted: fallbackReason, confidence: 1 / reasons.length };
    const probabilities = Float64Array.from(row);
    softmaxInPlace(probabilities, temperature);
    let best = 0;
    for (let k = 1; k < probabilities.length; k++)
      if ((probabilities[k] as number) > (probabilities[best] as number)) best = k;
    return {
      actual,
      predicted: reasons[best] as string,
      confidence: probabilities[best] as number,
    };
  });
}

export interface TrainedReasonModel {
  artifact: ReasonModelArtifact;
  /** Calibrated out-of-fold predictions (empty when there were too few examples to cross-validate). */
  outOfFold: ScoredPrediction[];
}

export function trainReasonModel(
  examples: readonly LabeledExample[],
  spec: ReasonModelSpec,
): TrainedReasonModel {
  const seedPhrases = spec.reasons.map((_, index) => [...(spec.seedPhrases?.[index] ?? [])]);
  const settings: ModelSettings = {
    reasons: spec.reasons,
    features: spec.features ?? DEFAULT_FEATURE_SETTINGS,
    lexicon: new SeedLexicon(seedPhrases),
    training: spec.training ?? DEFAULT_TRAINING_SETTINGS,
    minDocumentFrequency: spec.minDocumentFrequency ?? DEFAULT_MIN_DOCUMENT_FREQUENCY,
    folds: spec.folds ?? DEFAULT_FOLDS,
    reviewPrecision: spec.reviewPrecision ?? DEFAULT_REVIEW_PRECISION,
  };
  if (!spec.reasons.includes(spec.fallbackReason)) {
    throw new Error(`fallback reason "${spec.fallbackReason}" is not one of the taxonomy's reasons`);
  }
  const crossValidation = crossValidate(examples, settings);
  const temperature = crossValidation ? fitCalibration(crossValidation) : 1;
  const outOfFold = crossValidation
    ? calibratedPredictions(crossValidation, spec.reasons, spec.fallbackReason, temperature)
    : [];
  const report = evaluatePredictions(
    outOfFold.filter((_, index) => examples[index]?.origin !== 'seed'),
    spec.reasons,
  );
  const threshold = crossValidation
    ? reviewThreshold(
        outOfFold
          .filter((_, index) => crossValidation.contentFree[index] === 0)
          .map((prediction) => ({
            confidence: prediction.confidence,
            correct: prediction.actual === prediction.predicted,
          })),
        settings.reviewPrecision,
      )
    : 0.5;
  const final = fitModel(examples, settings);
  const perReason = Object.fromEntries(
    spec.reasons.map((reason) => [reason, examples.filter((example) => example.label === reason).length]),
  );
  const artifact = encodeArtifact(
    final.model,
    final.featureHashes,
    {
      format: MODEL_FORMAT,
      taxonomy: {
        name: spec.taxonomyName,
        reasons: [...spec.reasons],
        fallbackReason: spec.fallbackReason,
        seedPhrases,
      },
      features: settings.features,
      calibration: {
        temperature: Number(temperature.toFixed(6)),
        reviewThreshold: threshold,
        reviewPrecision: settings.reviewPrecision,
      },
      training: {
        examples: examples.length,
        feedbackExamples: examples.filter((example) => example.origin === 'feedback').length,
        perReason,
        settings: { ...settings.training, minDocumentFrequency: settings.minDocumentFrequency },
      },
      crossValidation: {
        folds: crossValidation?.folds ?? 0,
        accuracy: Number(report.accuracy.toFixed(6)),
        macroF1: Number(report.macroF1.toFixed(6)),
        expectedCalibrationError: Number(report.calibration.expectedCalibrationError.toFixed(6)),
      },
    },
    spec.versionPrefix,
  );
  return { artifact, outOfFold };
}
