// torch.nn.functional's losses.

import type { Tensor } from "../tensor.ts";
import { mul, sub } from "../ops/binary.ts";
import { reshape, unsqueeze } from "../ops/views.ts";
import { neg } from "../ops/unary.ts";
import { log_softmax } from "../ops/scan.ts";
import { mean, sum } from "../ops/reduce.ts";
import { gather } from "../ops/gather.ts";
import { FunctionNode, type Node } from "../autograd/node.ts";

export type Reduction = "mean" | "sum" | "none";

function reduce(x: Tensor, reduction: Reduction): Tensor {
  if (reduction === "mean") return mean(x);
  if (reduction === "sum") return sum(x);
  return x;
}

/** Renames the final grad_fn (PyTorch fuses these losses into one node). */
function named(out: Tensor, name: string): Tensor {
  const n = out.gradFn as Node | null;
  if (n) out.gradFn = new FunctionNode(name, n.nextFunctions, (g) => n.apply(g), n.numOutputs);
  return out;
}

export function mse_loss(input: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  const d = sub(input, target);
  return named(reduce(mul(d, d), reduction), "MseLossBackward0");
}

/** Negative log likelihood over class indices (dim 1 holds the classes). */
export function nll_loss(input: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  const picked = gather(input, 1, unsqueeze(target, 1));
  const per = neg(input.ndim === 1 ? picked : reshape(picked, [target.shape[0]]));
  return named(reduce(per, reduction), "NllLossBackward0");
}

export function cross_entropy(input: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  return nll_loss(log_softmax(input, 1), target, reduction);
}
