// Elementwise losses between an input and a target of the same (broadcastable) shape: mse_loss,
// l1_loss, smooth_l1_loss, huber_loss and kl_div.

import type { Tensor } from "../tensor.ts";
import { isFloating } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import { div, mul, sub } from "../ops/binary.ts";
import { abs, exp, log, neg } from "../ops/unary.ts";
import { where } from "../ops/clamp.ts";
import { eq, ge, gt, le, lt } from "../ops/compare.ts";
import { sum } from "../ops/reduce.ts";
import { SCALAR_TYPE_NAME } from "../ops/scalar.ts";
import { broadcastShapes, numelOf } from "../shape.ts";
import { applyReduction, checkReduction, type Reduction } from "./loss_reduction.ts";
import { fusedLoss } from "./loss_autograd.ts";

/** ATen's CPU kernels of these losses exist for floating types only. */
function checkFloating(kernel: string, input: Tensor, target: Tensor): void {
  for (const t of [input, target]) {
    if (!isFloating(t.dtype) && !(t === target && isFloating(input.dtype))) {
      throw runtimeError(`"${kernel}" not implemented for '${SCALAR_TYPE_NAME[t.dtype]}'`);
    }
  }
}

/**
 * The gradient of a reduced loss is `grad` spread over the elements (divided by their count for
 * 'mean'); for 'none' it already has the elements' shape.
 */
function spread(grad: Tensor, reduction: Reduction, input: Tensor, target: Tensor): Tensor {
  if (reduction !== "mean") return grad;
  return div(grad, numelOf(broadcastShapes(input.shape, target.shape)));
}

/** A loss whose gradient with respect to the input is `dLoss(diff)` and the negative of that for the target. */
function diffLoss(
  name: string,
  input: Tensor,
  target: Tensor,
  reduction: string,
  perElement: (diff: Tensor) => Tensor,
  dLoss: (diff: Tensor) => Tensor,
): Tensor {
  const red = checkReduction(reduction);
  // The gradient recomputes the difference from the inputs, so it stays differentiable itself.
  return fusedLoss(name, [input, target], () => applyReduction(perElement(sub(input, target)), red), (g) => {
    const gradInput = () => mul(dLoss(sub(input, target)), spread(g, red, input, target));
    return [gradInput, () => neg(gradInput())];
  });
}

export function mse_loss(input: Tensor, target: Tensor, reduction = "mean"): Tensor {
  checkFloating("mse_cpu", input, target);
  return diffLoss("MseLossBackward0", input, target, reduction, (d) => mul(d, d), (d) => mul(d, 2));
}

/** PyTorch 1.13 composes l1_loss from sub, abs and the reduction (its grad_fn is MeanBackward0 and so on). */
export function l1_loss(input: Tensor, target: Tensor, reduction = "mean"): Tensor {
  return applyReduction(abs(sub(input, target)), checkReduction(reduction));
}

/** Quadratic below `beta`, linear above; beta 0 is the L1 loss (with SmoothL1LossBackward0). */
export function smooth_l1_loss(input: Tensor, target: Tensor, reduction = "mean", beta = 1.0): Tensor {
  if (beta < 0) throw runtimeError("smooth_l1_loss does not support negative values for beta.");
  checkFloating("smooth_l1_cpu", input, target);
  return diffLoss("SmoothL1LossBackward0", input, target, reduction, (d) => {
    const z = abs(d);
    return beta === 0 ? z : where(lt(z, beta), div(mul(mul(z, z), 0.5), beta), sub(z, 0.5 * beta));
  }, (d) => where(le(d, -beta), -1, where(ge(d, beta), 1, div(d, beta === 0 ? 1 : beta))));
}

/** Quadratic below `delta`, then linear with slope delta. */
export function huber_loss(input: Tensor, target: Tensor, reduction = "mean", delta = 1.0): Tensor {
  if (!(delta > 0)) throw runtimeError("huber_loss does not support non-positive values for delta.");
  checkFloating("huber_cpu", input, target);
  return diffLoss("HuberLossBackward0", input, target, reduction, (d) => {
    const z = abs(d);
    return where(lt(z, delta), mul(mul(z, z), 0.5), mul(sub(z, 0.5 * delta), delta));
  }, (d) => where(lt(d, -delta), -delta, where(gt(d, delta), delta, d)));
}

/**
 * KL divergence with `input` holding log-probabilities. Composite in PyTorch 1.13; 'batchmean'
 * divides the sum by the batch size.
 */
export function kl_div(input: Tensor, target: Tensor, reduction = "mean", logTarget = false): Tensor {
  const red = checkReduction(reduction, ["batchmean"]);
  if (!isFloating(input.dtype) || !isFloating(target.dtype)) {
    throw runtimeError("kl_div: Integral inputs not supported.");
  }
  const pointwise = logTarget
    ? mul(exp(target), sub(target, input))
    : sub(where(eq(target, 0), 0, mul(target, log(target))), mul(target, input));
  if ((red as string) !== "batchmean") return applyReduction(pointwise, red);
  const total = sum(pointwise);
  return input.ndim === 0 ? total : div(total, input.shape[0]);
}
