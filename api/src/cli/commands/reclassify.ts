/** `churnlens reclassify`: run the current reason model over stored verbatims it has not classified yet. */
import { reclassifyVerbatims, SCORE_TOLERANCE } from '@churnlens/ingest';
import { loadReasonClassifier } from '@churnlens/models/classifier/index';
import { type Command, openExistingDatabase, parseCommandArgs, UsageError } from '../command.ts';

const help = `Usage: churnlens reclassify [--db FILE] [--json]

Re-runs the current reason model over every stored verbatim that has no classification from this model
version yet (typically after a model update). A row is written to reason_classifications only when the
result differs from the verbatim's latest model classification: another reason, secondary reason, language
or review flag, or a confidence or sentiment that moved by more than ${SCORE_TOLERANCE}. Verbatims never
classified before are always written. Manual relabels are never changed and keep taking precedence.
Everything is written in one transaction.

Options:
  --json   Print {"modelVersion", "examined", "written", "unchanged"} on stdout

Examples:
  churnlens reclassify
  churnlens reclassify --db data/churnlens.duckdb --json`;

export const reclassifyCommand: Command = {
  name: 'reclassify',
  help,
  async run(args) {
    const { values, positionals, db } = parseCommandArgs(args, { json: { type: 'boolean' } }, true);
    if (positionals.length > 0)
      throw new UsageError(`reclassify takes no file arguments, got ${positionals.join(' ')}`);
    const database = await openExistingDatabase(db);
    try {
      const classifier = loadReasonClassifier();
      const result = await reclassifyVerbatims(database.connection, classifier, (done, total) => {
        if (process.stderr.isTTY) process.stderr.write(`\rclassifying ${done}/${total}`);
      });
      if (process.stderr.isTTY && result.examined > 0) process.stderr.write('\n');
      if (values.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } else {
        process.stdout.write(
          `model ${result.modelVersion}: examined ${result.examined} verbatims without a classification from it, ` +
            `wrote ${result.written}, ${result.unchanged} unchanged\n`,
        );
      }
      return 0;
    } finally {
      database.close();
    }
  },
};
