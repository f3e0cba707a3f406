/** `churnlens eval`: scores the classifier on a labeled file (accuracy, F1, confusion, calibration). */

import {
  type EvaluationReport,
  evaluatePredictions,
  type ScoredPrediction,
} from '@churnlens/models/classifier/evaluation/metrics';
import { loadReasonClassifier, type ReasonClassifier } from '@churnlens/models/classifier/index';
import { readLabeledFile } from '@churnlens/models/classifier/io/corpus-file';
import { type Command, parseCommandArgs, UsageError } from '../command.ts';

const help = `Usage: churnlens eval --data FILE [--json] [--taxonomy FILE] [--model FILE]

Evaluates the reason classifier on labeled data: FILE is TSV with a "label<TAB>text" header, or CSV with
"label" and "text" columns. Prints accuracy, macro-F1, per-reason precision/recall/F1/support, the
confusion matrix (rows: actual, columns: predicted) and a calibration (reliability) table.

Options:
  --data FILE       Labeled data to score (required)
  --json            Print only a JSON object: n, accuracy, macroF1, perReason, confusion, calibration
  --taxonomy FILE   Custom taxonomy JSON; labels must be its codes
  --model FILE      Model artifact (default: the committed model)

Examples:
  churnlens eval --data models/src/classifier/corpus/holdout.tsv
  churnlens eval --data labeled.csv --json | jq .macroF1`;

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

export function formatReport(report: EvaluationReport, reasons: readonly string[], version: string): string {
  const width = Math.max(...reasons.map((reason) => reason.length), 'reason'.length);
  const lines = [
    `model ${version}, ${report.n} texts`,
    `accuracy ${percent(report.accuracy)}   macro-F1 ${report.macroF1.toFixed(3)}`,
    '',
    `${'reason'.padEnd(width)}  precision  recall     F1  support`,
  ];
  for (const reason of reasons) {
    const scores = report.perReason[reason];
    if (!scores) continue;
    lines.push(
      `${reason.padEnd(width)}  ${scores.precision.toFixed(3).padStart(9)}  ${scores.recall.toFixed(3).padStart(6)}  ${scores.f1.toFixed(3).padStart(5)}  ${String(scores.support).padStart(7)}`,
    );
  }
  const short = reasons.map((_, index) => `p${index + 1}`);
  lines.push('', 'confusion (rows actual, columns predicted):');
  lines.push(`${''.padEnd(width + 4)}${short.map((name) => name.padStart(5)).join('')}`);
  reasons.forEach((actual, index) => {
    const row = reasons.map((predicted) => String(report.confusion[actual]?.[predicted] ?? 0).padStart(5));
    lines.push(`${`p${index + 1}`.padEnd(4)}${actual.padEnd(width)}${row.join('')}`);
  });
  lines.push(
    '',
    'calibration (predictions grouped by confidence):',
    'confidence      n  mean conf  accuracy',
  );
  for (const bin of report.calibration.bins) {
    if (bin.count === 0) continue;
    lines.push(
      `${bin.from.toFixed(1)}–${bin.to.toFixed(1)}  ${String(bin.count).padStart(6)}  ${percent(bin.meanConfidence).padStart(9)}  ${percent(bin.accuracy).padStart(8)}`,
    );
  }
  lines.push(`expected calibration error ${percent(report.calibration.expectedCalibrationError)}`);
  return lines.join('\n');
}

export const evalCommand: Command = {
  name: 'eval',
  help,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      data: { type: 'string' },
      json: { type: 'boolean' },
      taxonomy: { type: 'string' },
      model: { type: 'string' },
    });
    if (values.data === undefined) throw new UsageError('--data FILE is required');
    let classifier: ReasonClassifier<string>;
    let predictions: ScoredPrediction[];
    try {
      classifier = loadReasonClassifier({ taxonomyFile: values.taxonomy, modelFile: values.model });
      const rows = readLabeledFile(values.data);
      predictions = rows.map((row) => {
        if (!classifier.reasons.includes(row.label)) {
          throw new Error(
            `${values.data}:${row.line}: label "${row.label}" is not one of ${classifier.reasons.join(', ')}`,
          );
        }
        const result = classifier.classify(row.text);
        return { actual: row.label, predicted: result.reason, confidence: result.confidence };
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      process.stderr.write(
        `churnlens eval: ${code === 'ENOENT' ? `${values.data}: no such file` : (error as Error).message}\n`,
      );
      return 1;
    }
    const report = evaluatePredictions(predictions, classifier.reasons);
    const output = values.json
      ? JSON.stringify(report)
      : formatReport(report, classifier.reasons, classifier.version);
    process.stdout.write(`${output}\n`);
    return 0;
  },
};
