import { describe, expect, it } from 'vitest';
import { LinearReasonClassifier } from '../linear-classifier.ts';
import { decodeArtifact } from '../model-artifact.ts';
import { fitTemperature, reviewThreshold } from './calibration.ts';
import type { LabeledExample } from './dataset.ts';
import { FEEDBACK_WEIGHT, mergeTrainingExamples, trainReasonModel } from './train-model.ts';

const reasons = ['price', 'bugs', 'other'];
const corpus: LabeledExample[] = [
  ...[
    'too expensive',
    'costs too much',
    'price went up',
    'cannot afford it',
    'cheaper elsewhere',
    'over budget',
  ].map((text) => ({ text, label: 'price' })),
  ...[
    'keeps crashing',
    'full of bugs',
    'app freezes',
    'broken sync',
    'errors everywhere',
    'it crashes daily',
  ].map((text) => ({ text, label: 'bugs' })),
  ...[
    'personal reasons',
    'no comment',
    'moving abroad',
    'rather not say',
    'just because',
    'family matters',
  ].map((text) => ({ text, label: 'other' })),
];
const spec = {
  taxonomyName: 'tiny',
  reasons,
  fallbackReason: 'other',
  versionPrefix: 'tiny-2026.01.01',
  folds: 3,
};

describe('training', () => {
  it('is deterministic: the same examples give the same artifact, bytes and version', () => {
    const first = trainReasonModel(corpus, spec).artifact;
    const second = trainReasonModel(corpus, spec).artifact;
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(first.version).toMatch(/^tiny-2026\.01\.01-[0-9a-f]{10}$/);
  });

  it('changes the version when the training data changes', () => {
    const first = trainReasonModel(corpus, spec).artifact;
    const changed = trainReasonModel(
      [...corpus, { text: 'pricing is steep', label: 'price' }],
      spec,
    ).artifact;
    expect(changed.version).not.toBe(first.version);
  });

  it('learns the training examples and generalizes to near misses', () => {
    const classifier = new LinearReasonClassifier(decodeArtifact(trainReasonModel(corpus, spec).artifact));
    expect(classifier.classify('way too expensive').reason).toBe('price');
    expect(classifier.classify('it keeps crashing').reason).toBe('bugs');
  });

  it('records cross-validation figures and a calibrated temperature', () => {
    const { artifact, outOfFold } = trainReasonModel(corpus, spec);
    expect(outOfFold).toHaveLength(corpus.length);
    expect(artifact.crossValidation.folds).toBe(3);
    expect(artifact.calibration.temperature).toBeGreaterThan(0);
  });

  it('lets a manual relabel replace the corpus line with the same text, with extra weight', () => {
    const merged = mergeTrainingExamples(corpus, [{ text: 'Moving Abroad ', label: 'price' }]);
    expect(merged).toHaveLength(corpus.length);
    const relabeled = merged.find((example) => example.text === 'Moving Abroad ');
    expect(relabeled).toEqual({
      text: 'Moving Abroad ',
      label: 'price',
      weight: FEEDBACK_WEIGHT,
      origin: 'feedback',
    });
  });
});

describe('calibration', () => {
  it('fits a temperature above 1 for overconfident scores and below 1 for underconfident ones', () => {
    // Logit margin 6 (p ≈ 0.998) but right only 3 times in 4: the fitted temperature must soften.
    const overconfident = [0, 1, 2, 3].map(() => Float64Array.from([6, 0]));
    expect(fitTemperature(overconfident, [0, 0, 0, 1])).toBeGreaterThan(2);
    // Margin 0.5 (p ≈ 0.62) and always right: the temperature must sharpen.
    const underconfident = [0, 1, 2, 3].map(() => Float64Array.from([0.5, 0]));
    expect(fitTemperature(underconfident, [0, 0, 0, 0])).toBeLessThan(0.5);
  });

  it('puts the review threshold where the kept predictions reach the target precision', () => {
    const predictions = [
      { confidence: 0.95, correct: true },
      { confidence: 0.9, correct: true },
      { confidence: 0.8, correct: true },
      { confidence: 0.6, correct: false },
      { confidence: 0.4, correct: false },
    ];
    expect(reviewThreshold(predictions, 1)).toBe(0.61);
    expect(reviewThreshold(predictions, 0.75)).toBe(0.41);
  });
});
