/**
 * Multinomial logistic regression on sparse features, trained by AdaGrad SGD with a fixed seed and a fixed
 * number of epochs: the same dataset always yields the same weights.
 */
import type { SparseDataset } from './dataset.ts';
import { seededPermutation, seededRandom } from './seeded-random.ts';

export interface TrainingSettings {
  epochs: number;
  learningRate: number;
  /** L2 penalty, applied to a weight whenever its feature is active (lazy regularization). */
  l2: number;
  seed: number;
}

export const DEFAULT_TRAINING_SETTINGS: TrainingSettings = {
  epochs: 25,
  learningRate: 0.5,
  l2: 1e-4,
  seed: 20261125,
};

export interface LinearModel {
  classCount: number;
  featureCount: number;
  /** Row-major featureCount × classCount. */
  weights: Float64Array;
  bias: Float64Array;
}

export function softmaxInPlace(logits: Float64Array, temperature = 1): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < logits.length; index++)
    max = Math.max(max, (logits[index] as number) / temperature);
  let sum = 0;
  for (let index = 0; index < logits.length; index++) {
    const value = Math.exp((logits[index] as number) / temperature - max);
    logits[index] = value;
    sum += value;
  }
  for (let index = 0; index < logits.length; index++) logits[index] = (logits[index] as number) / sum;
}

/** Raw scores of example `index` into `out` (length classCount). */
export function exampleLogits(
  model: LinearModel,
  data: SparseDataset,
  index: number,
  out: Float64Array,
): void {
  const classes = model.classCount;
  out.set(model.bias);
  for (
    let feature = data.offsets[index] as number;
    feature < (data.offsets[index + 1] as number);
    feature++
  ) {
    const base = (data.rows[feature] as number) * classes;
    const value = data.values[feature] as number;
    for (let k = 0; k < classes; k++)
      out[k] = (out[k] as number) + value * (model.weights[base + k] as number);
  }
}

export function trainLogisticRegression(
  data: SparseDataset,
  classCount: number,
  settings: TrainingSettings,
): LinearModel {
  const model: LinearModel = {
    classCount,
    featureCount: data.featureCount,
    weights: new Float64Array(data.featureCount * classCount),
    bias: new Float64Array(classCount),
  };
  const squaredGradients = new Float64Array(model.weights.length).fill(1e-8);
  const biasSquaredGradients = new Float64Array(classCount).fill(1e-8);
  const probabilities = new Float64Array(classCount);
  const gradient = new Float64Array(classCount);
  const random = seededRandom(settings.seed);
  const exampleCount = data.labels.length;
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    const order = seededPermutation(exampleCount, random);
    for (const index of order) {
      exampleLogits(model, data, index, probabilities);
      softmaxInPlace(probabilities);
      const weight = data.weights[index] as number;
      const label = data.labels[index] as number;
      for (let k = 0; k < classCount; k++) {
        gradient[k] = weight * ((probabilities[k] as number) - (k === label ? 1 : 0));
        const g = gradient[k] as number;
        biasSquaredGradients[k] = (biasSquaredGradients[k] as number) + g * g;
        model.bias[k] =
          (model.bias[k] as number) -
          (settings.learningRate * g) / Math.sqrt(biasSquaredGradients[k] as number);
      }
      for (
        let feature = data.offsets[index] as number;
        feature < (data.offsets[index + 1] as number);
        feature++
      ) {
        const base = (data.rows[feature] as number) * classCount;
        const value = data.values[feature] as number;
        for (let k = 0; k < classCount; k++) {
          const slot = base + k;
          const g = (gradient[k] as number) * value + settings.l2 * (model.weights[slot] as number);
          squaredGradients[slot] = (squaredGradients[slot] as number) + g * g;
          model.weights[slot] =
            (model.weights[slot] as number) -
            (settings.learningRate * g) / Math.sqrt(squaredGradients[slot] as number);
        }
      }
    }
  }
  return model;
}
