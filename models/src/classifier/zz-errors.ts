import { corpusFiles, DEFAULT_CORPUS_DIR, readLabeledFile } from './io/corpus-file.ts';
import { mergeTrainingExamples, trainReasonModel } from './training/train-model.ts';
import { REASON_CODES } from '../taxonomy.ts';
const rows = corpusFiles(DEFAULT_CORPUS_DIR).flatMap(readLabeledFile);
const examples = mergeTrainingExamples(rows, []);
const { outOfFold } = trainReasonModel(examples, { taxonomyName: 'default', reasons: REASON_CODES, fallbackReason: 'other', versionPrefix: 'x', features: { charNgramMin: 3, charNgramMax: 4, wordWeight: 1, bigramWeight: 1, charWeight: 0.4, negationScope: 3 } });
const filter = process.argv[2];
outOfFold.forEach((p, i) => { if (p.actual !== p.predicted && (!filter || p.actual === filter || p.predicted === filter)) console.log(p.actual.padEnd(17), '→', p.predicted.padEnd(17), p.confidence.toFixed(2), examples[i]!.text); });
