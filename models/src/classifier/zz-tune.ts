import { corpusFiles, DEFAULT_CORPUS_DIR, readLabeledFile } from './io/corpus-file.ts';
import { mergeTrainingExamples, trainReasonModel } from './training/train-model.ts';
import { evaluatePredictions } from './evaluation/metrics.ts';
import { DEFAULT_FEATURE_SETTINGS } from './features/featurizer.ts';
import { DEFAULT_TRAINING_SETTINGS } from './training/logistic-regression.ts';
import { REASON_CODES } from '../taxonomy.ts';
const rows = corpusFiles(DEFAULT_CORPUS_DIR).flatMap(readLabeledFile);
const examples = mergeTrainingExamples(rows, []);
const variants: Record<string, any> = JSON.parse(process.argv[2] ?? '{"base":{}}');
for (const [name, v] of Object.entries(variants)) {
  const t0 = performance.now();
  const { artifact, outOfFold } = trainReasonModel(examples, { taxonomyName: 'default', reasons: REASON_CODES, fallbackReason: 'other', versionPrefix: 'x',
    features: { ...DEFAULT_FEATURE_SETTINGS, ...(v.features ?? {}) }, training: { ...DEFAULT_TRAINING_SETTINGS, ...(v.training ?? {}) }, minDocumentFrequency: v.minDf ?? 2 });
  const r = evaluatePredictions(outOfFold, REASON_CODES);
  console.log(name.padEnd(12), 'acc', r.accuracy.toFixed(4), 'F1', r.macroF1.toFixed(4), 'ece', r.calibration.expectedCalibrationError.toFixed(4), 'T', artifact.calibration.temperature.toFixed(2), 'thr', artifact.calibration.reviewThreshold, 'size', (artifact.weights.length/1024).toFixed(0)+'k', 'ms', (performance.now()-t0).toFixed(0));
  if (v.show) { for (const c of REASON_CODES) console.log('  ', c.padEnd(18), r.perReason[c]!.precision.toFixed(3), r.perReason[c]!.recall.toFixed(3), r.perReason[c]!.f1.toFixed(3)); console.log(JSON.stringify(r.confusion)); }
}
