// How a loss folds its per-element values: reduction 'none' | 'mean' | 'sum', and the legacy
// size_average/reduce flags that older scripts still pass.

import type { Tensor } from "../tensor.ts";
import { valueError } from "../errors.ts";
import { mean, sum } from "../ops/reduce.ts";

export type Reduction = "mean" | "sum" | "none";

/** Validated when the loss runs, as in PyTorch (a module accepts any string at construction). */
export function checkReduction(reduction: string, extra: readonly string[] = []): Reduction {
  if (reduction === "elementwise_mean") return "mean"; // deprecated spelling, still accepted by 1.13
  if (reduction === "mean" || reduction === "sum" || reduction === "none" || extra.includes(reduction)) {
    return reduction as Reduction;
  }
  throw valueError(`${reduction} is not a valid value for reduction`);
}

/** torch.nn._reduction.legacy_get_string: a missing flag counts as true. */
export function legacyReduction(sizeAverage: boolean | null, reduce: boolean | null): Reduction {
  const average = sizeAverage ?? true, reduced = reduce ?? true;
  if (average && reduced) return "mean";
  return reduced ? "sum" : "none";
}

export function applyReduction(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === "mean") return mean(loss);
  if (reduction === "sum") return sum(loss);
  return loss;
}
