// F.linear, with the ops (and so the grad_fn names) PyTorch 1.13's at::linear picks per input rank.

import type { Tensor } from "../tensor.ts";
import { add } from "../ops/binary.ts";
import { addmm, matmul } from "../ops/linalg.ts";
import { t, view } from "../ops/views.ts";

/** y = x Wᵀ + b: addmm for 2-d input (AddmmBackward0), a viewed addmm for contiguous 3-d input. */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (bias && input.ndim === 2) return addmm(bias, input, t(weight));
  if (bias && input.ndim === 3 && input.isContiguous()) {
    const [a, b, c] = input.shape;
    const y = addmm(bias, view(input, [a * b, c]), t(weight));
    return view(y, [a, b, y.shape[1]]);
  }
  const y = matmul(input, t(weight));
  return bias ? add(y, bias) : y;
}
