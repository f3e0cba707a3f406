import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../database/open-database.ts';
import { verbatimHash } from '../../verbatim.ts';
import { LinearReasonClassifier } from '../linear-classifier.ts';
import { decodeArtifact, type ReasonModelArtifact } from '../model-artifact.ts';
import { readManualRelabels } from './feedback.ts';
import { serializeModel, writeModelFile } from './model-file.ts';
import { runTraining } from './training-run.ts';

const CORPUS = `label\ttext
too_expensive\ttoo expensive for us
too_expensive\tthe price went up again
too_expensive\twe cannot afford it anymore
too_expensive\tbudget cuts this quarter
too_expensive\tcosts way too much
too_expensive\tfound it overpriced
low_quality\tthe app keeps crashing
low_quality\tfull of bugs
low_quality\tsync is broken half the time
low_quality\tconstant outages last month
low_quality\tvery slow to load
low_quality\terrors every time I export
switched_service\tswitched to a competitor
switched_service\tmoved to Notion
switched_service\twe went with another vendor
switched_service\tour company picked a different tool
switched_service\tmigrated to Google Workspace
switched_service\tfound an alternative we like more
other\tpersonal reasons
other\tno comment
other\tprefer not to say
other\tfamily matters
other\tjust closing accounts
other\tmy assistant handles this now
`;

const RELABELED_TEXT = 'The new director prefers spreadsheets';

let directory: string;
let corpusDir: string;

const classifierOf = (artifact: ReasonModelArtifact) => new LinearReasonClassifier(decodeArtifact(artifact));

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'churnlens-train-'));
  corpusDir = join(directory, 'corpus');
  mkdirSync(corpusDir);
  writeFileSync(join(corpusDir, 'train.tsv'), CORPUS);
  // The held-out file sits next to the training files and must never be read for training.
  writeFileSync(join(corpusDir, 'holdout.tsv'), 'label\ttext\nnot_a_reason\tthis line would fail training\n');
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('training runs', () => {
  it('trains on the corpus folder but never on holdout.tsv', () => {
    const result = runTraining({ corpusDir });
    expect(result.files.map((file) => file.slice(corpusDir.length + 1))).toEqual(['train.tsv']);
    expect(result.corpusRows).toBe(24);
    expect(classifierOf(result.artifact).classify('it keeps crashing').reason).toBe('low_quality');
  });

  it('rebuilds a byte-identical model file from the same corpus, keeping the version on another day', () => {
    const modelFile = join(directory, 'model.json');
    const first = runTraining({ corpusDir, today: new Date('2026-11-25T10:00:00Z') }).artifact;
    writeModelFile(modelFile, first);
    const second = runTraining({
      corpusDir,
      previousModelFile: modelFile,
      today: new Date('2026-12-01T10:00:00Z'),
    });
    expect(serializeModel(second.artifact)).toBe(serializeModel(first));
    expect(second.artifact.version).toMatch(/^reasons-2026\.11\.25-/);
  });

  it('rejects a corpus label outside the default taxonomy, naming file and line', () => {
    const badDir = join(directory, 'bad');
    mkdirSync(badDir);
    writeFileSync(join(badDir, 'a.tsv'), 'label\ttext\ntoo_expensive\tpricey\npricing\ttoo dear\n');
    expect(() => runTraining({ corpusDir: badDir })).toThrow(/a\.tsv:3: label "pricing"/);
  });

  it('folds a manual relabel from the database into the next model', async () => {
    const before = classifierOf(runTraining({ corpusDir }).artifact).classify(RELABELED_TEXT);
    expect(before.reason).not.toBe('switched_service');

    const database = await openDatabase(join(directory, 'feedback.duckdb'));
    try {
      const hash = verbatimHash(RELABELED_TEXT);
      await database.connection.run('INSERT INTO verbatims (text_hash, text) VALUES ($hash, $text)', {
        hash,
        text: RELABELED_TEXT,
      });
      await database.connection.run(
        `INSERT INTO reason_classifications
           (text_hash, model_version, reason, confidence, sentiment, evidence, secondary_reason, language, needs_review, source)
         VALUES ($hash, $version, $reason, 0.4, 0, []::VARCHAR[], NULL, 'en', true, 'model'),
                ($hash, 'manual', 'switched_service', 1, 0, []::VARCHAR[], NULL, 'en', false, 'manual')`,
        { hash, version: 'reasons-2026.11.25-0000000000', reason: before.reason },
      );
      const feedback = await readManualRelabels(database.connection);
      expect(feedback).toEqual([{ text: RELABELED_TEXT, label: 'switched_service' }]);

      const retrained = runTraining({ corpusDir, feedback });
      expect(retrained.feedbackUsed).toBe(1);
      expect(retrained.artifact.training.feedbackExamples).toBe(1);
      expect(classifierOf(retrained.artifact).classify(RELABELED_TEXT).reason).toBe('switched_service');
    } finally {
      database.close();
    }
  });
});
