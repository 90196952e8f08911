// Copies that reorder elements: flip and roll.

import { runtimeError } from "../errors.ts";
import { normalizeDim } from "../shape.ts";
import type { Tensor } from "../tensor.ts";
import { defineOp, dispatch1 } from "./registry.ts";

const sameShape = ([t]: readonly Tensor[]) => [{ shape: [...t.shape], dtype: t.dtype }];

/** Kernel: out is `t` read backwards along each of `dims`. */
export const flipOp = defineOp<{ dims: number[] }>({
  name: "flip",
  gradName: "FlipBackward0",
  infer: sameShape,
  backward: ([g], { params: { dims } }) => [g && flip(g, dims)],
});

/** `t.flip(dims)`: a copy (PyTorch has no negative strides). */
export function flip(t: Tensor, dims: readonly number[]): Tensor {
  const norm = dims.map((d) => normalizeDim(d, t.ndim));
  norm.forEach((d, i) => {
    if (norm.indexOf(d) !== i) throw runtimeError(`dim ${d} appears multiple times in the list of dims`);
  });
  return dispatch1(flipOp, [t], { dims: norm });
}

export const fliplr = (t: Tensor): Tensor => {
  if (t.ndim < 2) throw runtimeError("Input must be >= 2-d.");
  return flip(t, [1]);
};

export const flipud = (t: Tensor): Tensor => {
  if (t.ndim < 1) throw runtimeError("Input must be >= 1-d.");
  return flip(t, [0]);
};

/**
 * Kernel: element i along each rolled dim moves to i + shift (mod size). With `dims` null the
 * tensor is rolled as if flattened.
 */
export const rollOp = defineOp<{ shifts: number[]; dims: number[] | null }>({
  name: "roll",
  gradName: "RollBackward0",
  infer: sameShape,
  backward: ([g], { params: { shifts, dims } }) => [g && roll(g, shifts.map((s) => -s), dims)],
});

/** `t.roll(shifts, dims=None)`. */
export function roll(t: Tensor, shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor {
  const s = typeof shifts === "number" ? [shifts] : [...shifts];
  if (dims === undefined || dims === null || (Array.isArray(dims) && dims.length === 0)) {
    if (s.length !== 1) throw runtimeError(`shifts and dimensions must align. shifts: ${s.length}, dims:0`);
    return dispatch1(rollOp, [t], { shifts: s, dims: null });
  }
  const d = (typeof dims === "number" ? [dims] : [...dims]).map((x) => normalizeDim(x, t.ndim));
  if (s.length !== d.length) {
    throw runtimeError(`shifts and dimensions must align. shifts: ${s.length}, dims:${d.length}`);
  }
  return dispatch1(rollOp, [t], { shifts: s, dims: d });
}
