/**
 * Confidence calibration from out-of-fold scores: a softmax temperature fitted by minimizing the negative
 * log-likelihood, and the confidence below which predictions are sent to human review.
 */
import { softmaxInPlace } from './logistic-regression.ts';

/** Mean negative log-likelihood of the labels under softmax(logits / temperature). */
export function negativeLogLikelihood(
  logits: readonly Float64Array[],
  labels: ArrayLike<number>,
  temperature: number,
): number {
  let total = 0;
  const scratch = new Float64Array(logits[0]?.length ?? 0);
  logits.forEach((row, index) => {
    scratch.set(row);
    softmaxInPlace(scratch, temperature);
    total -= Math.log(Math.max(scratch[labels[index] as number] as number, 1e-12));
  });
  return logits.length === 0 ? 0 : total / logits.length;
}

/** Golden-section search of log(temperature) in [1/20, 20]; NLL is unimodal in the temperature. */
export function fitTemperature(logits: readonly Float64Array[], labels: ArrayLike<number>): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = Math.log(0.05);
  let high = Math.log(20);
  for (let step = 0; step < 60; step++) {
    const left = high - ratio * (high - low);
    const right = low + ratio * (high - low);
    if (
      negativeLogLikelihood(logits, labels, Math.exp(left)) <=
      negativeLogLikelihood(logits, labels, Math.exp(right))
    ) {
      high = right;
    } else {
      low = left;
    }
  }
  return Math.exp((low + high) / 2);
}

/**
 * The lowest confidence threshold (in steps of 0.01) at which the predictions kept (confidence ≥ threshold)
 * are right at least `targetPrecision` of the time; everything below goes to review.
 */
export function reviewThreshold(
  predictions: readonly { confidence: number; correct: boolean }[],
  targetPrecision: number,
): number {
  const sorted = [...predictions].sort((a, b) => b.confidence - a.confidence);
  for (let step = 0; step <= 100; step++) {
    const threshold = step / 100;
    const kept = sorted.filter((prediction) => prediction.confidence >= threshold);
    if (kept.length === 0) return threshold;
    const precision = kept.filter((prediction) => prediction.correct).length / kept.length;
    if (precision >= targetPrecision) return threshold;
  }
  return 1;
}
