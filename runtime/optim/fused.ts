// When an optimizer updates parameters with one fused kernel instead of PyTorch's op-by-op
// single-tensor path. On the GPU (runtime/ops/fused_optim.ts), where each op is a dispatch and the
// fused kernel is one. On the CPU (runtime/ops/single_tensor_optim.ts), a kernel that repeats the
// op-by-op path's float32 roundings element by element, bit for bit, in one pass instead of several.

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

/**
 * Whether `p`'s CPU update with its gradient and `state` tensors (momentum buffer, moments) can run
 * in one pass: all float32, contiguous, of p's shape, each in its own storage (the op-by-op path
 * would see one write through another).
 */
export function updatesInOnePass(p: Tensor, state: readonly Tensor[]): boolean {
  const g = p.grad;
  if (!enabled || g === null || p.device.type !== "cpu" || !isPlainFloat32(p, p) || !isPlainFloat32(g, p)) {
    return false;
  }
  if (g.storage === p.storage) return false;
  for (let i = 0; i < state.length; i++) {
    const s = state[i];
    if (!isPlainFloat32(s, p) || s.storage === p.storage || s.storage === g.storage) return false;
    for (let j = 0; j < i; j++) if (state[j].storage === s.storage) return false;
  }
  return true;
}

const isPlainFloat32 = (t: Tensor, p: Tensor) =>
  t.dtype === "float32" && t.device === p.device && shapeEquals(t.shape, p.shape) && t.isContiguous();
