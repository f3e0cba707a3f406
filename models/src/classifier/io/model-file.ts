/** Reading and writing model artifacts on disk. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ReasonModelArtifact, reasonModelArtifactSchema } from '../model-artifact.ts';

/** The committed model for the default taxonomy. */
export const DEFAULT_MODEL_FILE = fileURLToPath(new URL('../model/reason-model.json', import.meta.url));

export function readModelFile(file: string): ReasonModelArtifact {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read model: ${(error as Error).message}`);
  }
  const parsed = reasonModelArtifactSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${file}: not a churnlens reason model: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/** One key per line at the top level keeps diffs of retrained models readable. */
export function serializeModel(artifact: ReasonModelArtifact): string {
  const lines = Object.entries(artifact).map(
    ([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`,
  );
  return `{\n${lines.join(',\n')}\n}\n`;
}

export function writeModelFile(file: string, artifact: ReasonModelArtifact): void {
  writeFileSync(file, serializeModel(artifact));
}
