// nll_loss over class indices: PyTorch's nll_loss_nd, which takes (C), (N, C) and (N, C, d1, ...)
// inputs. 1-d/2-d inputs record NllLossBackward0, 4-d ones NllLoss2DBackward0; other ranks are
// viewed as 4-d first (and the unreduced loss viewed back), exactly as ATen does.

import type { Tensor } from "../tensor.ts";
import { type DType, isFloating } from "../dtype.ts";
import { runtimeError, valueError } from "../errors.ts";
import { div, mul } from "../ops/binary.ts";
import { neg } from "../ops/unary.ts";
import { where } from "../ops/clamp.ts";
import { eq, ne } from "../ops/compare.ts";
import { logical_and } from "../ops/logical.ts";
import { sum } from "../ops/reduce.ts";
import { arange } from "../ops/ranges.ts";
import { clone, contiguous } from "../ops/copy.ts";
import { reshape, unsqueeze, view } from "../ops/views.ts";
import { SCALAR_TYPE_NAME } from "../ops/scalar.ts";
import { shapeEquals } from "../shape.ts";
import { checkReduction, type Reduction } from "./loss_reduction.ts";
import { fusedLoss } from "./loss_autograd.ts";
import { checkClassTargets } from "./loss_value_checks.ts";

export interface NllOptions {
  weight?: Tensor | null;
  ignoreIndex?: number;
  reduction?: string;
}

const sizes = (t: Tensor) => `[${t.shape.join(", ")}]`;

export function nll_loss(input: Tensor, target: Tensor, opts: NllOptions = {}): Tensor {
  const weight = opts.weight ?? null, ignoreIndex = opts.ignoreIndex ?? -100;
  const reduction = checkReduction(opts.reduction ?? "mean");
  if (input.ndim < 1) throw valueError(`Expected 1 or more dimensions (got ${input.ndim})`);
  if (input.ndim !== 1 && target.ndim > 0 && input.shape[0] !== target.shape[0]) {
    throw valueError(
      `Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0]}).`,
    );
  }
  if (input.ndim <= 2) {
    checkNll(input, target, weight);
    return nllNode("NllLossBackward0", input, target, weight, ignoreIndex, reduction);
  }
  if (input.ndim === 4) {
    checkNll2d(input, target, weight);
    return nllNode("NllLoss2DBackward0", input, target, weight, ignoreIndex, reduction);
  }
  // 3-d or more than 4-d: flatten the spatial dims into one, as ATen does.
  const [n, c] = input.shape;
  const outSize = [n, ...input.shape.slice(2)];
  if (!shapeEquals(target.shape.slice(1), input.shape.slice(2))) {
    throw runtimeError(`Expected target size ${`[${outSize.join(", ")}]`}, got ${sizes(target)}`);
  }
  const input4 = view(contiguous(input), [n, c, 1, -1]);
  const target3 = reshape(contiguous(target), [n, 1, -1]);
  checkNll2d(input4, target3, weight);
  const loss = nllNode("NllLoss2DBackward0", input4, target3, weight, ignoreIndex, reduction);
  return reduction === "none" ? view(loss, outSize) : loss;
}

function checkWeight(weight: Tensor | null, classes: number): void {
  if (weight && (weight.ndim !== 1 || weight.numel !== classes)) {
    throw runtimeError(
      `weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${
        sizes(weight)
      }`,
    );
  }
}

function checkNll(input: Tensor, target: Tensor, weight: Tensor | null): void {
  if (target.ndim > 1) throw runtimeError("0D or 1D target tensor expected, multi-target not supported");
  const noBatchDim = input.ndim === 1 && target.ndim === 0;
  if (!noBatchDim && input.shape[0] !== target.shape[0]) {
    throw runtimeError(`size mismatch (got input: ${sizes(input)}, target: ${sizes(target)})`);
  }
  checkWeight(weight, input.shape[input.ndim - 1]);
}

function checkNll2d(input: Tensor, target: Tensor, weight: Tensor | null): void {
  if (target.ndim !== 3) {
    throw runtimeError(
      `only batches of spatial targets supported (3D tensors) but got targets of dimension: ${target.ndim}`,
    );
  }
  if (weight && weight.numel !== input.shape[1]) {
    throw runtimeError("weight tensor should be defined either for all or no classes");
  }
  const [n, , h, w] = input.shape;
  if (n !== target.shape[0] || h !== target.shape[1] || w !== target.shape[2]) {
    // ATen's message really lacks the closing parenthesis.
    throw runtimeError(`size mismatch (got input: ${sizes(input)} , target: ${sizes(target)}`);
  }
}

/** The kernel's own checks: dtypes, then every non-ignored target a valid class. */
function checkValues(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null,
  ignoreIndex: number,
  kernel: string,
): void {
  const expect = (t: Tensor, dtype: DType) => {
    if (t.dtype !== dtype) {
      throw runtimeError(`expected scalar type ${SCALAR_TYPE_NAME[dtype]} but found ${SCALAR_TYPE_NAME[t.dtype]}`);
    }
  };
  expect(target, "int64");
  if (weight) expect(weight, input.dtype);
  if (!isFloating(input.dtype)) {
    throw runtimeError(`"${kernel}" not implemented for '${SCALAR_TYPE_NAME[input.dtype]}'`);
  }
  checkClassTargets(target, input.shape[input.ndim === 1 ? 0 : 1], ignoreIndex);
}

/** Where each sample's target class sits along the class dim (false where `kept` is false). */
export function targetHits(input: Tensor, target: Tensor, kept: Tensor): Tensor {
  const classDim = input.ndim === 1 ? 0 : 1;
  const classesShape = input.shape.map((n, d) => (d === classDim ? n : 1));
  const classes = reshape(arange(input.shape[classDim], null, 1, { device: input.device }), classesShape);
  return logical_and(eq(classes, unsqueeze(target, classDim)), unsqueeze(kept, classDim));
}

/** The class weights laid along the class dim of `input`, broadcastable against it. */
export function weightAlongClasses(weight: Tensor, input: Tensor): Tensor {
  const classDim = input.ndim === 1 ? 0 : 1;
  return reshape(weight, input.shape.map((n, d) => (d === classDim ? n : 1)));
}

/**
 * loss_i = -weight[t_i] * input[i, t_i], 0 for ignored samples; 'mean' divides the sum by the
 * total weight of the samples not ignored.
 */
function nllNode(
  name: string,
  input: Tensor,
  target: Tensor,
  weight: Tensor | null,
  ignoreIndex: number,
  reduction: Reduction,
): Tensor {
  const classDim = input.ndim === 1 ? 0 : 1;
  checkValues(
    input,
    target,
    weight,
    ignoreIndex,
    name === "NllLossBackward0" ? "nll_loss_out_frame" : "nll_loss2d_forward_out_frame",
  );
  let hits: Tensor, picked: Tensor, totalWeight: Tensor;
  return fusedLoss(name, [input], () => {
    const kept = ne(target, ignoreIndex);
    hits = targetHits(input, target, kept);
    picked = weight ? where(hits, weightAlongClasses(weight, input), 0) : clone(hits, input.dtype);
    const sampleWeight = sum(picked, { dim: [classDim] });
    // Ignored samples are +0: ATen never computes -w * x for them.
    const loss = where(kept, neg(mul(sum(where(hits, input, 0), { dim: [classDim] }), sampleWeight)), 0);
    if (reduction === "none") return loss;
    if (reduction === "sum") return sum(loss);
    totalWeight = sum(sampleWeight);
    return div(sum(loss), totalWeight);
  }, (g) => {
    const perSample = reduction === "none" ? unsqueeze(g, classDim) : reduction === "mean" ? div(g, totalWeight) : g;
    return [() => where(hits, neg(mul(perSample, picked)), 0)];
  });
}
