// cross_entropy = log_softmax + nll_loss, with PyTorch 1.13's two other paths: class-probability
// targets (a float target shaped like the input) and label smoothing. Each path builds the same
// graph ATen builds, so grad_fn and next_functions print the same.

import type { Tensor } from "../tensor.ts";
import { isFloating } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import { add, div, mul } from "../ops/binary.ts";
import { neg } from "../ops/unary.ts";
import { where } from "../ops/clamp.ts";
import { eq } from "../ops/compare.ts";
import { logical_not } from "../ops/logical.ts";
import { sum } from "../ops/reduce.ts";
import { log_softmax } from "../ops/scan.ts";
import { index_put_ } from "../ops/advanced_index.ts";
import { SCALAR_TYPE_NAME, scalarTensor } from "../ops/scalar.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { shapeEquals } from "../shape.ts";
import { checkReduction } from "./loss_reduction.ts";
import { renameNode } from "./loss_autograd.ts";
import { nll_loss, type NllOptions, targetHits, weightAlongClasses } from "./losses_nll.ts";

export interface CrossEntropyOptions extends NllOptions {
  labelSmoothing?: number;
}

const classDimOf = (input: Tensor) => (input.ndim === 1 ? 0 : 1);

export function cross_entropy(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const labelSmoothing = opts.labelSmoothing ?? 0;
  if (shapeEquals(input.shape, target.shape)) {
    if (!isFloating(target.dtype)) {
      throw runtimeError(
        `Expected floating point type for target with class probabilities, got ${SCALAR_TYPE_NAME[target.dtype]}`,
      );
    }
    if ((opts.ignoreIndex ?? -100) >= 0) throw runtimeError("ignore_index is not supported for floating point target");
    return probabilityTargets(input, target, opts.weight ?? null, opts.reduction ?? "mean", labelSmoothing);
  }
  if (labelSmoothing > 0) {
    checkSmoothing(labelSmoothing);
    return smoothedClassTargets(input, target, opts, labelSmoothing);
  }
  return nll_loss(log_softmax(input, classDimOf(input)), target, opts);
}

function checkSmoothing(labelSmoothing: number): void {
  if (labelSmoothing > 1) {
    throw runtimeError(`label_smoothing must be between 0.0 and 1.0. Got: ${formatFloat(labelSmoothing)}`);
  }
}

/** C++ prints a double with up to 6 significant digits. */
const formatFloat = (x: number) => String(Number(x.toPrecision(6)));

/** -(log_softmax(input) * target [* weight]).sum(), divided by the number of samples for 'mean'. */
function probabilityTargets(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null,
  reductionName: string,
  labelSmoothing: number,
): Tensor {
  const reduction = checkReduction(reductionName);
  const classDim = classDimOf(input);
  const classes = input.shape[classDim];
  if (weight && (weight.ndim !== 1 || weight.numel !== classes)) {
    throw runtimeError(
      `cross_entropy: weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: [${
        weight.shape.join(", ")
      }]`,
    );
  }
  const logp = log_softmax(input, classDim);
  if (labelSmoothing > 0) {
    checkSmoothing(labelSmoothing);
    target = add(mul(target, 1 - labelSmoothing), labelSmoothing / classes);
  }
  let terms = mul(logp, target);
  if (weight) terms = mul(terms, weightAlongClasses(weight, input));
  if (reduction === "none") return neg(sum(terms, { dim: [classDim] }));
  if (reduction === "sum") return neg(sum(terms));
  if (input.numel === 0) return div(neg(sum(terms)), NaN);
  return renameNode(div(neg(sum(terms)), input.numel / classes), "DivBackward1", 1);
}

/**
 * (1 - s) * nll + (s / C) * smooth, where smooth is the loss against the uniform distribution
 * (weighted, ignored samples zeroed) reduced like nll_loss reduces.
 */
function smoothedClassTargets(input: Tensor, target: Tensor, opts: NllOptions, labelSmoothing: number): Tensor {
  const reduction = checkReduction(opts.reduction ?? "mean");
  const weight = opts.weight ?? null, ignoreIndex = opts.ignoreIndex ?? -100;
  const classDim = classDimOf(input);
  const classes = input.shape[classDim];
  const logp = log_softmax(input, classDim);
  const nll = nll_loss(logp, target, opts);
  const ignored = eq(target, ignoreIndex);
  const smooth = neg(sum(weight ? mul(logp, weightAlongClasses(weight, input)) : logp, { dim: [classDim] }));
  renameNode(index_put_(smooth, [ignored], scalarTensor(0, true)), "IndexPutBackward0");
  let reduced = smooth;
  if (reduction === "sum") reduced = sum(smooth);
  else if (reduction === "mean") {
    if (weight) {
      const totalWeight = withGradMode(
        false,
        () => sum(where(targetHits(input, target, logical_not(ignored)), weightAlongClasses(weight, input), 0)),
      );
      reduced = div(sum(smooth), totalWeight);
    } else reduced = div(sum(smooth), sum(logical_not(ignored))); // as PyTorch: no host read, so WebGPU runs it too
  }
  return add(
    renameNode(mul(nll, 1 - labelSmoothing), "MulBackward1", 1),
    renameNode(mul(reduced, labelSmoothing / classes), "MulBackward1", 1),
  );
}
