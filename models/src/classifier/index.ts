/**
 * churnlens's reason classifier: free-text cancellation reason → reason code with calibrated confidence,
 * evidence, secondary reason, sentiment and language. See docs/classifier.md.
 */
import { REASON_CODES, type ReasonCode } from '../taxonomy.ts';
import type { ReasonClassifier } from './classification.ts';
import { DEFAULT_MODEL_FILE, readModelFile } from './io/model-file.ts';
import { readTaxonomyFile } from './io/taxonomy-reader.ts';
import { LinearReasonClassifier } from './linear-classifier.ts';
import { decodeArtifact, type ReasonModelArtifact } from './model-artifact.ts';
import { SeedSimilarityClassifier } from './seed-similarity-classifier.ts';
import { reasonSeeds, type TaxonomyFile, taxonomyExamples } from './taxonomy-file.ts';
import { trainReasonModel } from './training/train-model.ts';

export type { ReasonClassification, ReasonClassifier, ScoredReason } from './classification.ts';
export { DEFAULT_MODEL_FILE } from './io/model-file.ts';
export { type TaxonomyFile, taxonomyFileSchema } from './taxonomy-file.ts';

export interface LoadClassifierOptions {
  /** A custom taxonomy JSON file (see taxonomy-file.ts); replaces the default taxonomy. */
  taxonomyFile?: string;
  /** A model artifact; defaults to the committed model for the default taxonomy. */
  modelFile?: string;
}

/** Loads the committed model (or `modelFile`) for the default taxonomy. Synchronous. */
export function loadReasonClassifier(options?: {
  taxonomyFile?: undefined;
  modelFile?: string;
}): ReasonClassifier;
/**
 * With a custom taxonomy, reason codes are the taxonomy's own. Given a model trained for it (`churnlens train
 * --taxonomy`), that model is used; otherwise one is trained in memory from the taxonomy's examples and seed
 * phrases, or, when it has no examples, texts are matched to the seed phrases by similarity.
 */
export function loadReasonClassifier(options: LoadClassifierOptions): ReasonClassifier<string>;
export function loadReasonClassifier(options: LoadClassifierOptions = {}): ReasonClassifier<string> {
  if (options.taxonomyFile !== undefined)
    return loadForTaxonomy(readTaxonomyFile(options.taxonomyFile), options);
  const modelFile = options.modelFile ?? DEFAULT_MODEL_FILE;
  const artifact = readModelFile(modelFile);
  const foreign = artifact.taxonomy.reasons.filter(
    (reason) => !(REASON_CODES as readonly string[]).includes(reason),
  );
  if (foreign.length > 0) {
    throw new Error(
      `${modelFile}: model is for taxonomy "${artifact.taxonomy.name}" (${foreign.join(', ')}); pass its taxonomy file`,
    );
  }
  return new LinearReasonClassifier<ReasonCode>(decodeArtifact(artifact));
}

function loadForTaxonomy(taxonomy: TaxonomyFile, options: LoadClassifierOptions): ReasonClassifier<string> {
  const codes = taxonomy.reasons.map((reason) => reason.code);
  if (options.modelFile !== undefined) {
    const artifact = readModelFile(options.modelFile);
    if (artifact.taxonomy.reasons.join() !== codes.join()) {
      throw new Error(
        `${options.modelFile}: model reasons (${artifact.taxonomy.reasons.join(', ')}) do not match taxonomy "${taxonomy.name}" (${codes.join(', ')})`,
      );
    }
    return new LinearReasonClassifier<string>(decodeArtifact(artifact));
  }
  if (taxonomy.reasons.every((reason) => reason.examples.length === 0))
    return new SeedSimilarityClassifier(taxonomy);
  return new LinearReasonClassifier<string>(decodeArtifact(trainForTaxonomy(taxonomy)));
}

/** A model from the taxonomy's own examples and seed phrases (small data: keep every feature). */
function trainForTaxonomy(taxonomy: TaxonomyFile): ReasonModelArtifact {
  return trainReasonModel(taxonomyExamples(taxonomy), {
    taxonomyName: taxonomy.name,
    reasons: taxonomy.reasons.map((reason) => reason.code),
    fallbackReason: taxonomy.fallbackReason,
    seedPhrases: taxonomy.reasons.map(reasonSeeds),
    versionPrefix: taxonomy.name,
    minDocumentFrequency: 1,
  }).artifact;
}
