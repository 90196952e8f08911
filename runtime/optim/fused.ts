// When an optimizer updates a parameter with one fused kernel (runtime/ops/fused_optim.ts) instead
// of PyTorch's op-by-op single-tensor path: on the GPU, where each op is a dispatch and the fused
// kernel is one. The CPU keeps the op-by-op path, whose float32 roundings match PyTorch bit for bit.

import type { Tensor } from "../tensor.ts";
import { shapeEquals } from "../shape.ts";

/** TSL_FUSED_OPTIM=0 turns fusing off, so the bench can compare dispatch counts. */
const enabled = (() => {
  try {
    return Deno.env.get("TSL_FUSED_OPTIM") !== "0";
  } catch {
    return true; // no env permission: the default
  }
})();

/** Whether `p`'s update (with its gradient) runs fused. */
export function updatesFused(p: Tensor): boolean {
  const g = p.grad;
  return enabled && p.device.type !== "cpu" && g !== null && g.device === p.device && g.dtype === p.dtype &&
    shapeEquals(g.shape, p.shape);
}
