// Binary cross-entropy on probabilities (binary_cross_entropy, logs clamped at -100) and on logits
// (binary_cross_entropy_with_logits, in ATen's overflow-free form), each one graph node as in ATen.

import type { Tensor } from "../tensor.ts";
import { isFloating } from "../dtype.ts";
import { runtimeError, valueError } from "../errors.ts";
import { add, div, mul, rsub, sub } from "../ops/binary.ts";
import { exp, log, log1p, neg, sigmoid } from "../ops/unary.ts";
import { clamp_min } from "../ops/clamp.ts";
import { expand } from "../ops/views.ts";
import { clone } from "../ops/copy.ts";
import { SCALAR_TYPE_NAME } from "../ops/scalar.ts";
import { broadcastShapes, shapeEquals } from "../shape.ts";
import { applyReduction, checkReduction, type Reduction } from "./loss_reduction.ts";
import { fusedLoss } from "./loss_autograd.ts";
import { checkProbabilities } from "./loss_value_checks.ts";

const torchSize = (t: Tensor) => `torch.Size([${t.shape.join(", ")}])`;

/** The output gradient per element: divided by the element count for 'mean'. */
const perElement = (g: Tensor, reduction: Reduction, input: Tensor) => reduction === "mean" ? div(g, input.numel) : g;

const weighted = (x: Tensor, weight: Tensor | null) => (weight ? mul(x, weight) : x);

/** -weight * (y * max(log x, -100) + (1 - y) * max(log(1 - x), -100)). */
export function binary_cross_entropy(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null = null,
  reductionName = "mean",
): Tensor {
  if (!shapeEquals(input.shape, target.shape)) {
    throw valueError(
      `Using a target size (${torchSize(target)}) that is different to the input size (${
        torchSize(input)
      }) is deprecated. Please ensure they have the same size.`,
    );
  }
  const reduction = checkReduction(reductionName);
  // F.binary_cross_entropy expands the weight to the input's shape; the kernel computes in the input's dtype.
  if (weight) weight = expand(weight, broadcastShapes(target.shape, weight.shape));
  if (weight && weight.dtype !== input.dtype) weight = clone(weight, input.dtype);
  if (target.dtype !== input.dtype) {
    throw runtimeError(
      `Found dtype ${SCALAR_TYPE_NAME[target.dtype]} but expected ${SCALAR_TYPE_NAME[input.dtype]}`,
    );
  }
  checkProbabilities(input);
  return fusedLoss("BinaryCrossEntropyBackward0", [input, target], () => {
    const logX = clamp_min(log(input), -100), log1mX = clamp_min(log1p(neg(input)), -100);
    const loss = sub(mul(sub(target, 1), log1mX), mul(target, logX));
    return applyReduction(weighted(loss, weight), reduction);
  }, (g) => {
    const gw = () => weighted(perElement(g, reduction, input), weight);
    return [
      // ATen guards the denominator with EPSILON = 1e-12.
      () => div(mul(gw(), sub(input, target)), clamp_min(mul(rsub(input, 1), input), 1e-12)),
      () => mul(gw(), sub(log1p(neg(input)), log(input))),
    ];
  });
}

/**
 * (1 - y) * x + l * softplus(-x) with l = 1 + (pos_weight - 1) * y, softplus computed as
 * m + log(exp(-m) + exp(-x - m)), m = max(-x, 0), so that no exp overflows.
 */
export function binary_cross_entropy_with_logits(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null = null,
  reductionName = "mean",
  posWeight: Tensor | null = null,
): Tensor {
  if (!shapeEquals(input.shape, target.shape)) {
    throw valueError(`Target size (${torchSize(target)}) must be the same as input size (${torchSize(input)})`);
  }
  const reduction = checkReduction(reductionName);
  if (!isFloating(target.dtype)) {
    // ATen computes (1 - target) in the target's dtype and multiplies the input into it in place.
    throw runtimeError(
      `result type ${SCALAR_TYPE_NAME[input.dtype]} can't be cast to the desired output type ${
        SCALAR_TYPE_NAME[target.dtype]
      }`,
    );
  }
  for (const [w, first] of [[posWeight, true], [weight, false]] as const) {
    // ATen accumulates into a loss of the input's shape in place, so weights may not widen it;
    // (pos_weight - 1) * target and loss * weight name the broadcast operands in that order.
    const shape = !w
      ? input.shape
      : first
      ? broadcastShapes(w.shape, input.shape)
      : broadcastShapes(input.shape, w.shape);
    if (!shapeEquals(shape, input.shape)) {
      throw runtimeError(
        `output with shape [${input.shape.join(", ")}] doesn't match the broadcast shape [${shape.join(", ")}]`,
      );
    }
  }
  const softplusNegX = () => {
    const m = clamp_min(neg(input), 0);
    return add(m, log(add(exp(neg(m)), exp(sub(neg(input), m)))));
  };
  return fusedLoss("BinaryCrossEntropyWithLogitsBackward0", [input, target], () => {
    const logWeight = posWeight ? add(mul(sub(posWeight, 1), target), 1) : null;
    const loss = add(mul(rsub(target, 1), input), logWeight ? mul(logWeight, softplusNegX()) : softplusNegX());
    return applyReduction(weighted(loss, weight), reduction);
  }, (g) => {
    const gw = () => weighted(perElement(g, reduction, input), weight);
    return [
      () => {
        if (!posWeight) return mul(gw(), sub(sigmoid(input), target));
        const t = mul(posWeight, target);
        return mul(gw(), sub(mul(sub(add(t, 1), target), sigmoid(input)), t));
      },
      () => {
        const d = posWeight ? sub(mul(sub(posWeight, 1), softplusNegX()), input) : neg(input);
        return mul(gw(), d);
      },
    ];
  });
}
