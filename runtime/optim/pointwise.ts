// addcmul_ / addcdiv_ as the optimizers use them, composed from registered ops so that every
// intermediate rounds where PyTorch's float32 CPU kernels round. Those kernels evaluate
// `self + value * t1 * t2` with the last multiply-add fused (the compiler contracts it to an FMA),
// and `self + value * t1 / t2` with the division rounded before the add.

import type { Tensor } from "../tensor.ts";
import { add, add_, div, mul } from "../ops/binary.ts";
import { clone, copyInto } from "../ops/copy.ts";

/** self += a * b with a single rounding: the product of two float32 values is exact in float64. */
function addProduct_(self: Tensor, a: Tensor, b: Tensor): Tensor {
  if (self.dtype !== "float32" || self.device.type !== "cpu") return add_(self, mul(a, b));
  const wide = add(clone(self, "float64"), mul(clone(a, "float64"), clone(b, "float64")));
  return copyInto(self, wide);
}

/** self += value * t1 * t2, evaluated as fma(value * t1, t2, self). */
export function addcmul_(self: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  return addProduct_(self, value === 1 ? t1 : mul(t1, value), t2);
}

/** self += value * t1 / t2, evaluated as ((value * t1) / t2) + self. */
export function addcdiv_(self: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  const scaled = value === 1 ? t1 : mul(t1, value);
  return add_(self, div(scaled, t2));
}
