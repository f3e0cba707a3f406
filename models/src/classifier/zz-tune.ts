import { corpusFiles, DEFAULT_CORPUS_DIR, readLabeledFile } from './io/corpus-file.ts';
import { mergeTrainingExamples, trainReasonModel } from './training/train-model.ts';
import { evaluatePredictions } from './evaluation/metrics.ts';
import { DEFAULT_FEATURE_SETTINGS } from './features/featurizer.ts';
import { DEFAULT_TRAINING_SETTINGS } from './training/logistic-regression.ts';
import { defaultTaxonomy, taxonomyExamples } from './taxonomy-file.ts';
import { REASON_CODES } from '../taxonomy.ts';
const rows = corpusFiles(DEFAULT_CORPUS_DIR).flatMap(readLabeledFile);
const tax = defaultTaxonomy();
const variants: Record<string, any> = JSON.parse(process.argv[2] ?? '{"base":{}}');
for (const [name, v] of Object.entries(variants)) {
  const t0 = performance.now();
  const examples = mergeTrainingExamples([...(v.seedExamples === false ? [] : taxonomyExamples(tax)), ...rows], []);
  const { artifact, outOfFold } = trainReasonModel(examples, { taxonomyName: 'default', reasons: REASON_CODES, fallbackReason: 'other', versionPrefix: 'x',
    seedPhrases: v.seeds === false ? undefined : tax.reasons.map((r) => r.seedPhrases),
    features: { ...DEFAULT_FEATURE_SETTINGS, ...(v.features ?? {}) }, training: { ...DEFAULT_TRAINING_SETTINGS, ...(v.training ?? {}) }, minDocumentFrequency: v.minDf ?? 2 });
  // score only corpus rows (not seed examples) for comparability
  const keep = new Set(rows.map((r) => r.text));
  const oof = outOfFold.filter((_, i) => keep.has(examples[i]!.text));
  const r = evaluatePredictions(oof, REASON_CODES);
  console.log(name.padEnd(12), 'n', oof.length, 'acc', r.accuracy.toFixed(4), 'F1', r.macroF1.toFixed(4), 'ece', r.calibration.expectedCalibrationError.toFixed(4), 'T', artifact.calibration.temperature.toFixed(2), 'thr', artifact.calibration.reviewThreshold, 'size', (artifact.weights.length/1024).toFixed(0)+'k', 'ms', (performance.now()-t0).toFixed(0));
  if (v.show) { for (const c of REASON_CODES) console.log('  ', c.padEnd(18), r.perReason[c]!.precision.toFixed(3), r.perReason[c]!.recall.toFixed(3), r.perReason[c]!.f1.toFixed(3)); }
  if (v.errors) outOfFold.forEach((p, i) => { if (p.actual !== p.predicted && keep.has(examples[i]!.text)) console.log('   ', p.actual.padEnd(17), '→', p.predicted.padEnd(17), p.confidence.toFixed(2), examples[i]!.text); });
}
