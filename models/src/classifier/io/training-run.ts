/**
 * One `churnlens train` run: gather corpus files, taxonomy seeds/examples and manual relabels, train, and
 * decide the version. The version's date part is today's unless the content hash equals the existing
 * artifact's, in which case the existing version is kept, so retraining an unchanged corpus rewrites the
 * artifact byte for byte.
 */
import { existsSync } from 'node:fs';
import { REASON_CODES } from '../../taxonomy.ts';
import { type ReasonModelArtifact, versionContentHash } from '../model-artifact.ts';
import {
  DEFAULT_TAXONOMY_NAME,
  defaultTaxonomy,
  reasonSeeds,
  type TaxonomyFile,
  taxonomyExamples,
} from '../taxonomy-file.ts';
import type { LabeledExample } from '../training/dataset.ts';
import { mergeTrainingExamples, type TrainedReasonModel, trainReasonModel } from '../training/train-model.ts';
import { corpusFiles, type LabeledRow, readLabeledFile } from './corpus-file.ts';
import { readModelFile } from './model-file.ts';

export interface TrainingRunInput {
  corpusDir: string;
  /** Replaces the default taxonomy; corpus rows with other labels are skipped. */
  taxonomy?: TaxonomyFile;
  feedback?: readonly LabeledExample[];
  /** The artifact being replaced, if any: its version is kept when nothing changed. */
  previousModelFile?: string;
  today?: Date;
}

export interface TrainingRunResult extends TrainedReasonModel {
  files: string[];
  corpusRows: number;
  feedbackUsed: number;
  /** Rows and relabels left out because their label is not in the taxonomy. */
  skipped: { source: string; label: string }[];
}

export function runTraining(input: TrainingRunInput): TrainingRunResult {
  const taxonomy = input.taxonomy ?? defaultTaxonomy();
  const codes = taxonomy.reasons.map((reason) => reason.code);
  const isDefault = input.taxonomy === undefined;
  const files = corpusFiles(input.corpusDir);
  const skipped: TrainingRunResult['skipped'] = [];
  const corpus: LabeledRow[] = [];
  for (const file of files) {
    for (const row of readLabeledFile(file)) {
      if (codes.includes(row.label)) corpus.push(row);
      else if (isDefault)
        throw new Error(`${file}:${row.line}: label "${row.label}" is not one of ${REASON_CODES.join(', ')}`);
      else skipped.push({ source: `${file}:${row.line}`, label: row.label });
    }
  }
  const feedback = (input.feedback ?? []).filter((example) => {
    if (codes.includes(example.label)) return true;
    skipped.push({ source: `manual relabel of "${example.text}"`, label: example.label });
    return false;
  });
  const examples = mergeTrainingExamples([...corpus, ...taxonomyExamples(taxonomy)], feedback);
  if (examples.length === 0) throw new Error(`no training examples for taxonomy "${taxonomy.name}"`);
  const date = (input.today ?? new Date()).toISOString().slice(0, 10).replaceAll('-', '.');
  const prefix = isDefault || taxonomy.name === DEFAULT_TAXONOMY_NAME ? 'reasons' : taxonomy.name;
  const trained = trainReasonModel(examples, {
    taxonomyName: taxonomy.name,
    reasons: codes,
    fallbackReason: taxonomy.fallbackReason,
    seedPhrases: taxonomy.reasons.map(reasonSeeds),
    versionPrefix: `${prefix}-${date}`,
  });
  const artifact = keepUnchangedVersion(trained.artifact, input.previousModelFile);
  return { ...trained, artifact, files, corpusRows: corpus.length, feedbackUsed: feedback.length, skipped };
}

function keepUnchangedVersion(
  artifact: ReasonModelArtifact,
  previousModelFile: string | undefined,
): ReasonModelArtifact {
  if (previousModelFile === undefined || !existsSync(previousModelFile)) return artifact;
  let previous: ReasonModelArtifact;
  try {
    previous = readModelFile(previousModelFile);
  } catch {
    return artifact;
  }
  const unchanged = versionContentHash(previous.version) === versionContentHash(artifact.version);
  return unchanged ? { ...artifact, version: previous.version } : artifact;
}
