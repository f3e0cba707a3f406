/** `churnlens train`: rebuilds the reason model from the corpus (and, optionally, manual relabels). */
import { DEFAULT_CORPUS_DIR } from '@churnlens/models/classifier/io/corpus-file';
import { readManualRelabels } from '@churnlens/models/classifier/io/feedback';
import { DEFAULT_MODEL_FILE, writeModelFile } from '@churnlens/models/classifier/io/model-file';
import { readTaxonomyFile } from '@churnlens/models/classifier/io/taxonomy-reader';
import { runTraining } from '@churnlens/models/classifier/io/training-run';
import type { TaxonomyFile } from '@churnlens/models/classifier/taxonomy-file';
import type { LabeledExample } from '@churnlens/models/classifier/training/dataset';
import { type Command, openExistingDatabase, parseCommandArgs, UsageError } from '../command.ts';

const help = `Usage: churnlens train [--corpus DIR] [--out FILE] [--with-feedback --db FILE] [--taxonomy FILE]

Trains the reason classifier deterministically: the same corpus gives a byte-identical model file. Reads
every *.tsv/*.csv (header "label<TAB>text", or CSV label,text) in the corpus folder except holdout.tsv,
cross-validates (5 folds) to calibrate confidence, then writes the model with a version such as
reasons-2026.11.25-<content hash>. Classifications record that version.

Options:
  --corpus DIR      Labeled training files (default: the corpus shipped in models/src/classifier/corpus)
  --out FILE        Model file to write (default: the committed model; required with --taxonomy)
  --with-feedback   Also learn from manual relabels in --db (reason_classifications with source 'manual');
                    a relabel outweighs corpus lines and replaces one with the same text
  --taxonomy FILE   Train for a custom taxonomy: its seed phrases and examples, plus corpus rows with its codes

Examples:
  churnlens train
  churnlens train --with-feedback --db ./data/churnlens.duckdb
  churnlens train --taxonomy my-taxonomy.json --out my-model.json`;

async function manualRelabels(db: string): Promise<LabeledExample[]> {
  const database = await openExistingDatabase(db);
  try {
    return await readManualRelabels(database.connection);
  } finally {
    database.close();
  }
}

export const trainCommand: Command = {
  name: 'train',
  help,
  async run(args) {
    const { values, db } = parseCommandArgs(args, {
      corpus: { type: 'string' },
      out: { type: 'string' },
      'with-feedback': { type: 'boolean' },
      taxonomy: { type: 'string' },
    });
    if (values.taxonomy !== undefined && values.out === undefined) {
      throw new UsageError(
        '--out FILE is required with --taxonomy (the committed model is for the default taxonomy)',
      );
    }
    const out = values.out ?? DEFAULT_MODEL_FILE;
    try {
      const taxonomy: TaxonomyFile | undefined = values.taxonomy
        ? readTaxonomyFile(values.taxonomy)
        : undefined;
      const feedback = values['with-feedback'] ? await manualRelabels(db) : [];
      const result = runTraining({
        corpusDir: values.corpus ?? DEFAULT_CORPUS_DIR,
        taxonomy,
        feedback,
        previousModelFile: out,
      });
      writeModelFile(out, result.artifact);
      const { artifact } = result;
      const cv = artifact.crossValidation;
      const summary = [
        `wrote ${out}`,
        `version ${artifact.version}`,
        `examples ${artifact.training.examples} (${result.corpusRows} corpus rows from ${result.files.length} files, ${result.feedbackUsed} manual relabels)`,
        cv.folds > 0
          ? `${cv.folds}-fold cross-validation: accuracy ${cv.accuracy.toFixed(3)}, macro-F1 ${cv.macroF1.toFixed(3)}, calibration error ${cv.expectedCalibrationError.toFixed(3)}`
          : 'too few examples to cross-validate: confidence is uncalibrated',
        `temperature ${artifact.calibration.temperature}, review below confidence ${artifact.calibration.reviewThreshold}`,
        ...(result.skipped.length > 0
          ? [`skipped ${result.skipped.length} rows whose label is not in the taxonomy`]
          : []),
      ];
      process.stdout.write(`${summary.join('\n')}\n`);
      return 0;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      process.stderr.write(`churnlens train: ${(error as Error).message}\n`);
      return 1;
    }
  },
};
