// torch.nn.functional's normalizations: batch_norm, layer_norm, group_norm. Each is a composite of
// ordinary ops (so autograd and every backend come for free) arranged the way PyTorch's float32
// CPU kernels round: per-channel (or per-row) scale and shift computed first, then one multiply and
// one add per element. The final node takes PyTorch's fused name (NativeBatchNormBackward0, ...).

import { runtimeError, valueError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { add, mul, rsub, sub } from "../ops/binary.ts";
import { neg, reciprocal, sqrt } from "../ops/unary.ts";
import { mean } from "../ops/reduce.ts";
import { variance } from "../ops/stats.ts";
import { reshape } from "../ops/views.ts";
import { clone, copyInto } from "../ops/copy.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { FunctionNode, type Node } from "../autograd/node.ts";

/** Renames the final grad_fn: PyTorch runs these as one fused op with one node. */
function named(out: Tensor, name: string): Tensor {
  const n = out.gradFn as Node | null;
  if (n) out.gradFn = new FunctionNode(name, n.nextFunctions, (g) => n.apply(g), n.numOutputs);
  return out;
}

/** x * scale + shift, then weight and bias (per element, as PyTorch's kernels round). */
const affine = (x: Tensor, scale: Tensor, shift: Tensor) => add(mul(x, scale), shift);

export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Normalize with the batch's statistics (and update the running ones) instead of the running ones. */
  training?: boolean;
  /** A 0-d tensor gives a momentum that lives on the device (BatchNorm's cumulative average). */
  momentum?: number | Tensor;
  eps?: number;
}

/**
 * Batch normalization over dim 1 (channels) of an (N, C, *) input. Training normalizes with the
 * batch's mean and biased variance and moves running_mean/running_var (when given) towards the
 * batch's mean and unbiased variance by `momentum`; evaluation normalizes with the running ones.
 */
export function batch_norm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  opts: BatchNormOptions = {},
): Tensor {
  const { weight = null, bias = null, training = false, momentum = 0.1, eps = 1e-5 } = opts;
  if (input.ndim < 2) {
    throw valueError(`Expected 2D or 3D input (got ${input.ndim}D input)`);
  }
  const channels = input.shape[1];
  for (
    const [name, t] of [["running_mean", runningMean], ["running_var", runningVar], ["weight", weight], [
      "bias",
      bias,
    ]] as const
  ) {
    if (t && t.numel !== channels) throw runtimeError(`${name} should contain ${channels} elements not ${t.numel}`);
  }
  const perChannel = input.shape.reduce((a, b) => a * b, 1) / channels;
  if (training && perChannel <= 1) {
    throw valueError(
      `Expected more than 1 value per channel when training, got input size torch.Size([${input.shape.join(", ")}])`,
    );
  }
  const dims = input.shape.map((_, d) => d).filter((d) => d !== 1);
  let centre: Tensor, invstd: Tensor;
  if (training) {
    centre = mean(input, { dim: dims });
    invstd = reciprocal(sqrt(add(variance(input, { dim: dims, unbiased: false }), eps)));
    withGradMode(false, () => {
      if (runningMean) updateRunning(runningMean, centre, momentum);
      if (runningVar) {
        updateRunning(
          runningVar,
          mul(variance(input, { dim: dims, unbiased: false }), perChannel / (perChannel - 1)),
          momentum,
        );
      }
    });
  } else {
    if (!runningMean || !runningVar) {
      throw runtimeError("running_mean and running_var must be defined in evaluation mode");
    }
    centre = runningMean;
    invstd = reciprocal(sqrt(add(runningVar, eps)));
  }
  const scale = weight ? mul(invstd, weight) : invstd;
  const shift = bias ? sub(bias, mul(centre, scale)) : neg(mul(centre, scale));
  const bshape = input.shape.map((n, d) => (d === 1 ? n : 1));
  return named(affine(input, reshape(scale, bshape), reshape(shift, bshape)), "NativeBatchNormBackward0");
}

/** running = (1 - momentum) * running + momentum * batch, in doubles as PyTorch's CPU kernel. */
function updateRunning(running: Tensor, batch: Tensor, momentum: number | Tensor): void {
  const keep = typeof momentum === "number" ? 1 - momentum : rsub(momentum, 1);
  const wide = running.device.type === "cpu" ? "float64" : running.dtype; // the GPU has no doubles
  const moved = add(mul(clone(running, wide), keep), mul(clone(batch, wide), momentum));
  copyInto(running, moved);
}

export interface LayerNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

/** Normalizes over the trailing dims `normalizedShape` with the biased variance. */
export function layer_norm(input: Tensor, normalizedShape: readonly number[], opts: LayerNormOptions = {}): Tensor {
  const { weight = null, bias = null, eps = 1e-5 } = opts;
  const k = normalizedShape.length;
  const trailing = input.shape.slice(input.ndim - k);
  if (k === 0 || input.ndim < k || trailing.some((n, i) => n !== normalizedShape[i])) {
    throw runtimeError(
      `Given normalized_shape=[${normalizedShape.join(", ")}], expected input with shape [*, ${
        normalizedShape.join(", ")
      }], but got input of size[${input.shape.join(", ")}]`,
    );
  }
  for (const [name, t] of [["weight", weight], ["bias", bias]] as const) {
    if (t && (t.ndim !== k || t.shape.some((n, i) => n !== normalizedShape[i]))) {
      throw runtimeError(
        `Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape [${
          t.shape.join(", ")
        }] and normalized_shape = [${normalizedShape.join(", ")}]`,
      );
    }
  }
  const dims = normalizedShape.map((_, i) => input.ndim - k + i);
  const centre = mean(input, { dim: dims, keepdim: true });
  const rstd = reciprocal(sqrt(add(variance(input, { dim: dims, unbiased: false, keepdim: true }), eps)));
  let y = affine(input, rstd, mul(neg(rstd), centre));
  if (weight) y = mul(y, weight);
  if (bias) y = add(y, bias);
  return named(y, "NativeLayerNormBackward0");
}

export interface GroupNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

/** Normalizes each of `numGroups` channel groups of an (N, C, *) input over its channels and positions. */
export function group_norm(input: Tensor, numGroups: number, opts: GroupNormOptions = {}): Tensor {
  const { weight = null, bias = null, eps = 1e-5 } = opts;
  const [n, c] = input.shape;
  if (input.ndim < 2 || c % numGroups !== 0) {
    throw runtimeError(
      `Expected number of channels in input to be divisible by num_groups, but got input of shape [${
        input.shape.join(", ")
      }] and num_groups=${numGroups}`,
    );
  }
  const per = c / numGroups;
  const grouped = reshape(input, [n, numGroups, per, -1]);
  const centre = mean(grouped, { dim: [2, 3], keepdim: true });
  const rstd = reciprocal(sqrt(add(variance(grouped, { dim: [2, 3], unbiased: false, keepdim: true }), eps)));
  // Per (sample, channel): scale = rstd * gamma, shift = beta - scale * mean, as PyTorch's kernel.
  const gamma = weight ? reshape(weight, [1, numGroups, per, 1]) : null;
  const scale = gamma ? mul(rstd, gamma) : rstd;
  const shift = bias ? sub(reshape(bias, [1, numGroups, per, 1]), mul(scale, centre)) : neg(mul(scale, centre));
  return named(reshape(affine(grouped, scale, shift), input.shape), "NativeGroupNormBackward0");
}
