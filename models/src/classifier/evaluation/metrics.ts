/**
 * Classification metrics for `churnlens eval` and cross-validation: confusion matrix, per-reason precision,
 * recall and F1, macro-F1, and a reliability table that shows whether confidences are calibrated.
 */

export interface ScoredPrediction {
  actual: string;
  predicted: string;
  confidence: number;
}

export interface ReasonScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ReliabilityBin {
  /** Confidence range [from, to). The last bin includes 1. */
  from: number;
  to: number;
  count: number;
  meanConfidence: number;
  accuracy: number;
}

export interface EvaluationReport {
  n: number;
  accuracy: number;
  macroF1: number;
  perReason: Record<string, ReasonScores>;
  /** confusion[actual][predicted] = count. */
  confusion: Record<string, Record<string, number>>;
  calibration: { expectedCalibrationError: number; bins: ReliabilityBin[] };
}

export function confusionMatrix(
  predictions: readonly ScoredPrediction[],
  reasons: readonly string[],
): Record<string, Record<string, number>> {
  const matrix: Record<string, Record<string, number>> = {};
  for (const actual of reasons)
    matrix[actual] = Object.fromEntries(reasons.map((predicted) => [predicted, 0]));
  for (const { actual, predicted } of predictions) {
    const row = matrix[actual];
    if (!row || row[predicted] === undefined)
      throw new Error(`reason "${actual}" or "${predicted}" is not in the taxonomy`);
    row[predicted] += 1;
  }
  return matrix;
}

/** Precision, recall and F1 per reason; a reason never predicted has precision 0 (and so F1 0). */
export function perReasonScores(
  confusion: Record<string, Record<string, number>>,
  reasons: readonly string[],
): Record<string, ReasonScores> {
  const scores: Record<string, ReasonScores> = {};
  for (const reason of reasons) {
    const truePositives = confusion[reason]?.[reason] ?? 0;
    const support = reasons.reduce((sum, predicted) => sum + (confusion[reason]?.[predicted] ?? 0), 0);
    const predictedCount = reasons.reduce((sum, actual) => sum + (confusion[actual]?.[reason] ?? 0), 0);
    const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    scores[reason] = { precision, recall, f1, support };
  }
  return scores;
}

/** Mean F1 over the reasons that occur in the data (support > 0). */
export function macroF1(scores: Record<string, ReasonScores>): number {
  const present = Object.values(scores).filter((score) => score.support > 0);
  if (present.length === 0) return 0;
  return present.reduce((sum, score) => sum + score.f1, 0) / present.length;
}

/** Equal-width confidence bins; a calibrated model has accuracy ≈ mean confidence in every bin. */
export function reliabilityTable(predictions: readonly ScoredPrediction[], binCount = 10): ReliabilityBin[] {
  const bins: ReliabilityBin[] = [];
  for (let bin = 0; bin < binCount; bin++) {
    bins.push({ from: bin / binCount, to: (bin + 1) / binCount, count: 0, meanConfidence: 0, accuracy: 0 });
  }
  for (const prediction of predictions) {
    const bin = bins[Math.min(binCount - 1, Math.floor(prediction.confidence * binCount))] as ReliabilityBin;
    bin.count += 1;
    bin.meanConfidence += prediction.confidence;
    bin.accuracy += prediction.actual === prediction.predicted ? 1 : 0;
  }
  for (const bin of bins) {
    if (bin.count === 0) continue;
    bin.meanConfidence /= bin.count;
    bin.accuracy /= bin.count;
  }
  return bins;
}

/** Count-weighted mean |accuracy − confidence| over the bins. */
export function expectedCalibrationError(bins: readonly ReliabilityBin[]): number {
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  if (total === 0) return 0;
  return bins.reduce(
    (sum, bin) => sum + (bin.count / total) * Math.abs(bin.accuracy - bin.meanConfidence),
    0,
  );
}

export function evaluatePredictions(
  predictions: readonly ScoredPrediction[],
  reasons: readonly string[],
): EvaluationReport {
  const confusion = confusionMatrix(predictions, reasons);
  const perReason = perReasonScores(confusion, reasons);
  const correct = predictions.filter((prediction) => prediction.actual === prediction.predicted).length;
  const bins = reliabilityTable(predictions);
  return {
    n: predictions.length,
    accuracy: predictions.length === 0 ? 0 : correct / predictions.length,
    macroF1: macroF1(perReason),
    perReason,
    confusion,
    calibration: { expectedCalibrationError: expectedCalibrationError(bins), bins },
  };
}
