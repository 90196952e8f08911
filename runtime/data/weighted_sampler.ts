// WeightedRandomSampler (PyTorch 1.13): indices drawn with probability proportional to the weights,
// by torch.multinomial(weights, num_samples, replacement) on a float64 weight vector.
//
// Only the with-replacement, num_samples >= 2 path is reproduced (PyTorch's CPU
// multinomial_with_replacement kernel: one 53-bit uniform per sample, binary-searched in the
// normalised cumulative distribution). PyTorch draws the other cases through exponential_(),
// which this runtime does not reproduce yet, so they raise NotImplementedError.

import { runtimeError, TorchError, valueError } from "../errors.ts";
import { defaultGenerator, type Generator } from "../random/generator.ts";
import type { Sampler } from "./sampler.ts";

export class WeightedRandomSampler implements Sampler<number> {
  readonly weights: Float64Array;

  constructor(
    weights: ArrayLike<number>,
    readonly numSamples: number,
    readonly replacement = true,
    readonly generator: Generator | null = null,
  ) {
    if (!Number.isInteger(numSamples) || numSamples <= 0) {
      throw valueError(`num_samples should be a positive integer value, but got num_samples=${numSamples}`);
    }
    this.weights = Float64Array.from(weights);
  }

  *iter(): globalThis.Generator<number> {
    yield* multinomialWithReplacement(this.weights, this.numSamples, this.replacement, this.generator);
  }

  length(): number {
    return this.numSamples;
  }
}

/** torch.multinomial(weights, n, replacement) for a 1-d float64 weight vector. */
export function multinomialWithReplacement(
  weights: Float64Array,
  n: number,
  replacement: boolean,
  generator: Generator | null,
): number[] {
  if (!replacement || n === 1) {
    throw new TorchError(
      "NotImplementedError",
      "multinomial without replacement or with one sample is not supported yet",
    );
  }
  const gen = generator ?? defaultGenerator();
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  for (let j = 0; j < weights.length; j++) {
    if (!(weights[j] >= 0) || !Number.isFinite(weights[j])) {
      throw runtimeError("probability tensor contains either `inf`, `nan` or element < 0");
    }
    sum += weights[j];
    cumulative[j] = sum;
  }
  if (sum === 0) throw runtimeError("invalid multinomial distribution (sum of probabilities <= 0)");
  for (let j = 0; j < cumulative.length; j++) cumulative[j] /= sum;
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const u = gen.uniform53();
    let left = 0, right = cumulative.length;
    while (right - left > 0) {
      const mid = left + Math.floor((right - left) / 2);
      if (cumulative[mid] < u) left = mid + 1;
      else right = mid;
    }
    out.push(left);
  }
  return out;
}
