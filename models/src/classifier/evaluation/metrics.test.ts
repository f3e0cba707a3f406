import { describe, expect, it } from 'vitest';
import {
  confusionMatrix,
  evaluatePredictions,
  expectedCalibrationError,
  macroF1,
  perReasonScores,
  reliabilityTable,
  type ScoredPrediction,
} from './metrics.ts';

const reasons = ['a', 'b', 'c'];
/**
 * Hand-built: actual a ×4 (predicted a,a,a,b), actual b ×3 (b,b,c), actual c ×2 (c,a).
 * Confusion rows (actual) × columns (predicted):
 *   a: 3 1 0
 *   b: 0 2 1
 *   c: 1 0 1
 */
const predictions: ScoredPrediction[] = [
  ['a', 'a'],
  ['a', 'a'],
  ['a', 'a'],
  ['a', 'b'],
  ['b', 'b'],
  ['b', 'b'],
  ['b', 'c'],
  ['c', 'c'],
  ['c', 'a'],
].map(([actual, predicted]) => ({
  actual: actual as string,
  predicted: predicted as string,
  confidence: 0.75,
}));

describe('classification metrics', () => {
  it('counts the confusion matrix by actual then predicted reason', () => {
    expect(confusionMatrix(predictions, reasons)).toEqual({
      a: { a: 3, b: 1, c: 0 },
      b: { a: 0, b: 2, c: 1 },
      c: { a: 1, b: 0, c: 1 },
    });
  });

  it('computes precision, recall and F1 per reason from the confusion matrix', () => {
    const scores = perReasonScores(confusionMatrix(predictions, reasons), reasons);
    // a: precision 3/4, recall 3/4; b: precision 2/3, recall 2/3; c: precision 1/2, recall 1/2.
    expect(scores.a).toEqual({ precision: 0.75, recall: 0.75, f1: 0.75, support: 4 });
    expect(scores.b?.precision).toBeCloseTo(2 / 3);
    expect(scores.b?.f1).toBeCloseTo(2 / 3);
    expect(scores.c).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(macroF1(scores)).toBeCloseTo((0.75 + 2 / 3 + 0.5) / 3);
  });

  it('reports accuracy and macro-F1 together', () => {
    const report = evaluatePredictions(predictions, reasons);
    expect(report.n).toBe(9);
    expect(report.accuracy).toBeCloseTo(6 / 9);
    expect(report.macroF1).toBeCloseTo((0.75 + 2 / 3 + 0.5) / 3);
  });

  it('gives a never-predicted reason precision 0 and leaves reasons absent from the data out of macro-F1', () => {
    const scores = perReasonScores(
      confusionMatrix(
        [
          { actual: 'a', predicted: 'a', confidence: 1 },
          { actual: 'b', predicted: 'a', confidence: 1 },
        ],
        reasons,
      ),
      reasons,
    );
    expect(scores.b).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(scores.c?.support).toBe(0);
    expect(macroF1(scores)).toBeCloseTo((2 / 3 + 0) / 2);
  });

  it('rejects a label outside the taxonomy', () => {
    expect(() => confusionMatrix([{ actual: 'z', predicted: 'a', confidence: 1 }], reasons)).toThrow(/"z"/);
  });

  it('bins predictions by confidence and measures calibration error', () => {
    const bins = reliabilityTable([
      { actual: 'a', predicted: 'a', confidence: 0.95 },
      { actual: 'a', predicted: 'b', confidence: 0.95 },
      { actual: 'a', predicted: 'a', confidence: 0.15 },
      { actual: 'a', predicted: 'a', confidence: 1 },
    ]);
    expect(bins).toHaveLength(10);
    expect(bins[9]).toMatchObject({ count: 3, accuracy: 2 / 3 });
    expect(bins[9]?.meanConfidence).toBeCloseTo((0.95 + 0.95 + 1) / 3);
    expect(bins[1]).toMatchObject({ count: 1, accuracy: 1, meanConfidence: 0.15 });
    // |2/3 − 0.9667| × 3/4 + |1 − 0.15| × 1/4
    expect(expectedCalibrationError(bins)).toBeCloseTo(0.3 * 0.75 + 0.85 * 0.25);
  });
});
