// torch.embedding_renorm_: before a lookup with max_norm, each weight row the input indexes whose
// p-norm exceeds max_norm is scaled in place by max_norm / (norm + 1e-7), as PyTorch's kernel
// does. Computed for all rows at once from elementwise ops and reductions, with the indexed rows
// found by a one-hot comparison, so that no backend needs a host read or an index kernel.

import type { Tensor } from "../tensor.ts";
import { add, div, mul_ } from "../ops/binary.ts";
import { eq, gt } from "../ops/compare.ts";
import { where } from "../ops/clamp.ts";
import { logical_and } from "../ops/logical.ts";
import { max } from "../ops/minmax.ts";
import { pow } from "../ops/pow.ts";
import { arange } from "../ops/ranges.ts";
import { any, sum } from "../ops/reduce.ts";
import { abs, sqrt } from "../ops/unary.ts";
import { reshape, unsqueeze } from "../ops/views.ts";
import { withGradMode } from "../autograd/grad_mode.ts";

/** The p-norm of each row of a 2-d tensor. */
function rowNorms(weight: Tensor, p: number): Tensor {
  const a = abs(weight);
  if (p === Infinity) return max(a, { dim: 1 }).values;
  if (p === 1) return sum(a, { dim: 1 });
  if (p === 2) return sqrt(sum(mul_(a, a), { dim: 1 }));
  return pow(sum(pow(a, p), { dim: 1 }), 1 / p);
}

export function embedding_renorm_(weight: Tensor, indices: Tensor, maxNorm: number, normType: number): Tensor {
  return withGradMode(false, () => {
    const flat = reshape(indices, [indices.numel]);
    const rows = arange(weight.shape[0], null, 1, { device: weight.device });
    const indexed = any(eq(unsqueeze(flat, 1), rows), { dim: 0 });
    const norms = rowNorms(weight, normType);
    const scale = where(logical_and(indexed, gt(norms, maxNorm)), div(maxNorm, add(norms, 1e-7)), 1);
    return mul_(weight, unsqueeze(scale, 1));
  });
}
