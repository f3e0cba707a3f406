/**
 * The trained model as a versioned JSON artifact: taxonomy, feature settings, calibration, cross-validation
 * figures and quantized weights (int16, base64, little-endian). Serialization is deterministic, and the
 * version embeds a hash of the content, so the same corpus always produces the same bytes and version.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FeatureSettings } from './features/featurizer.ts';
import type { LinearModel } from './training/logistic-regression.ts';

export const MODEL_FORMAT = 'churnlens-reason-model/1';

const featureSettingsSchema = z.object({
  charNgramMin: z.number().int().positive(),
  charNgramMax: z.number().int().positive(),
  wordWeight: z.number(),
  bigramWeight: z.number(),
  charWeight: z.number(),
  seedWeight: z.number(),
  negationScope: z.number().int().nonnegative(),
  // Model files written before the setting existed read salutations.
  skipSalutation: z.boolean().default(false),
});

export const reasonModelArtifactSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.string().min(1),
  taxonomy: z.object({
    name: z.string().min(1),
    reasons: z.array(z.string().min(1)).min(2),
    fallbackReason: z.string().min(1),
    /** Seed phrases per reason, aligned with `reasons`; they define the seed features. */
    seedPhrases: z.array(z.array(z.string())),
  }),
  features: featureSettingsSchema,
  calibration: z.object({
    temperature: z.number().positive(),
    reviewThreshold: z.number().min(0).max(1),
    reviewPrecision: z.number().min(0).max(1),
  }),
  training: z.object({
    examples: z.number().int().nonnegative(),
    feedbackExamples: z.number().int().nonnegative(),
    perReason: z.record(z.string(), z.number().int().nonnegative()),
    settings: z.object({
      epochs: z.number().int().positive(),
      learningRate: z.number().positive(),
      l2: z.number().nonnegative(),
      seed: z.number().int(),
      minDocumentFrequency: z.number().int().positive(),
    }),
  }),
  crossValidation: z.object({
    folds: z.number().int().nonnegative(),
    accuracy: z.number(),
    macroF1: z.number(),
    expectedCalibrationError: z.number(),
  }),
  bias: z.array(z.number()),
  featureHashes: z.string(),
  weightScale: z.number().positive(),
  weights: z.string(),
});

export type ReasonModelArtifact = z.infer<typeof reasonModelArtifactSchema>;
export type ArtifactBody = Omit<
  ReasonModelArtifact,
  'version' | 'bias' | 'featureHashes' | 'weightScale' | 'weights'
>;

/** The artifact decoded into typed arrays, ready for scoring. */
export interface DecodedReasonModel {
  version: string;
  taxonomyName: string;
  reasons: string[];
  fallbackIndex: number;
  seedPhrases: string[][];
  features: FeatureSettings;
  temperature: number;
  reviewThreshold: number;
  bias: Float64Array;
  featureHashes: Uint32Array;
  /** Row-major featureCount × reasons.length, centered per row (a row sums to ~0). */
  weights: Float32Array;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/**
 * Centers each feature's weights (softmax is invariant to it, and a centered weight reads as "evidence for
 * this reason versus the average"), quantizes them to int16 and drops features left with all-zero weights.
 */
export function encodeArtifact(
  model: LinearModel,
  featureHashes: Uint32Array,
  body: ArtifactBody,
  versionPrefix: string,
): ReasonModelArtifact {
  const classes = model.classCount;
  const centered = new Float64Array(model.weights.length);
  let maxAbs = 1e-12;
  for (let row = 0; row < model.featureCount; row++) {
    let mean = 0;
    for (let k = 0; k < classes; k++) mean += model.weights[row * classes + k] as number;
    mean /= classes;
    for (let k = 0; k < classes; k++) {
      const value = (model.weights[row * classes + k] as number) - mean;
      centered[row * classes + k] = value;
      maxAbs = Math.max(maxAbs, Math.abs(value));
    }
  }
  const scale = maxAbs / 32767;
  const keptHashes: number[] = [];
  const quantized: number[] = [];
  for (let row = 0; row < model.featureCount; row++) {
    const rowValues: number[] = [];
    for (let k = 0; k < classes; k++)
      rowValues.push(Math.round((centered[row * classes + k] as number) / scale));
    if (rowValues.every((value) => value === 0)) continue;
    keptHashes.push(featureHashes[row] as number);
    quantized.push(...rowValues);
  }
  const biasMean = model.bias.reduce((sum, value) => sum + value, 0) / classes;
  const artifactWithoutVersion = {
    format: body.format,
    taxonomy: body.taxonomy,
    features: body.features,
    calibration: body.calibration,
    training: body.training,
    crossValidation: body.crossValidation,
    bias: Array.from(model.bias, (value) => round(value - biasMean, 6)),
    featureHashes: encodeUint32(keptHashes),
    weightScale: scale,
    weights: encodeInt16(quantized),
  };
  const hash = createHash('sha256').update(JSON.stringify(artifactWithoutVersion)).digest('hex').slice(0, 10);
  const { format, ...rest } = artifactWithoutVersion;
  return { format, version: `${versionPrefix}-${hash}`, ...rest };
}

/** The content hash embedded at the end of a version string. */
export function versionContentHash(version: string): string {
  return version.slice(version.lastIndexOf('-') + 1);
}

export function decodeArtifact(artifact: ReasonModelArtifact): DecodedReasonModel {
  const classes = artifact.taxonomy.reasons.length;
  const featureHashes = decodeUint32(artifact.featureHashes);
  const quantized = decodeInt16(artifact.weights);
  if (quantized.length !== featureHashes.length * classes || artifact.bias.length !== classes) {
    throw new Error(
      `model ${artifact.version}: weights do not match ${featureHashes.length} features × ${classes} reasons`,
    );
  }
  const fallbackIndex = artifact.taxonomy.reasons.indexOf(artifact.taxonomy.fallbackReason);
  if (fallbackIndex < 0)
    throw new Error(`model ${artifact.version}: fallback reason is not one of its reasons`);
  const weights = new Float32Array(quantized.length);
  for (let index = 0; index < quantized.length; index++)
    weights[index] = (quantized[index] as number) * artifact.weightScale;
  return {
    version: artifact.version,
    taxonomyName: artifact.taxonomy.name,
    reasons: artifact.taxonomy.reasons,
    fallbackIndex,
    seedPhrases: artifact.taxonomy.seedPhrases,
    features: artifact.features,
    temperature: artifact.calibration.temperature,
    reviewThreshold: artifact.calibration.reviewThreshold,
    bias: Float64Array.from(artifact.bias),
    featureHashes,
    weights,
  };
}

function encodeUint32(values: readonly number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  for (const [index, value] of values.entries()) bytes.writeUInt32LE(value, index * 4);
  return bytes.toString('base64');
}

function encodeInt16(values: readonly number[]): string {
  const bytes = Buffer.alloc(values.length * 2);
  for (const [index, value] of values.entries()) bytes.writeInt16LE(value, index * 2);
  return bytes.toString('base64');
}

function decodeUint32(base64: string): Uint32Array {
  const bytes = Buffer.from(base64, 'base64');
  const values = new Uint32Array(bytes.length / 4);
  for (let index = 0; index < values.length; index++) values[index] = bytes.readUInt32LE(index * 4);
  return values;
}

function decodeInt16(base64: string): Int16Array {
  const bytes = Buffer.from(base64, 'base64');
  const values = new Int16Array(bytes.length / 2);
  for (let index = 0; index < values.length; index++) values[index] = bytes.readInt16LE(index * 2);
  return values;
}
