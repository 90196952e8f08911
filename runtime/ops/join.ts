// Joining: cat and stack (with dtype promotion across the inputs), repeat and tile. The splitting
// views (split, chunk, unbind) live in slicing.ts and are re-exported here.

import { type DType, promoteTypes } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import { formatShape, normalizeDim } from "../shape.ts";
import type { Tensor } from "../tensor.ts";
import { sum } from "./reduce.ts";
import { defineOp, dispatch1 } from "./registry.ts";
import { narrow, select } from "./slicing.ts";
import { reshape } from "./views.ts";
import { checkSizeNonNegative } from "./view_shape.ts";

export { chunk, split, split_with_sizes, unbind } from "./slicing.ts";

const promoteAll = (ts: readonly Tensor[]): DType => ts.map((t) => t.dtype).reduce(promoteTypes);

/** Kernel: each input (skipping empty ones) is copied into its stretch of `dim`. */
export const catOp = defineOp<{ dim: number }>({
  name: "cat",
  gradName: "CatBackward0",
  infer: (inputs, { dim }) => {
    const ref = inputs.find((t) => !legacySkip(t))!;
    const shape = [...ref.shape];
    shape[dim] = inputs.reduce((n, t) => n + (legacySkip(t) ? 0 : t.shape[dim]), 0);
    return [{ shape, dtype: promoteAll(inputs) }];
  },
  backward: ([g], { inputs, params: { dim } }) => {
    let at = 0;
    return inputs.map((t) => {
      if (!g || legacySkip(t)) return null;
      const part = narrow(g, dim, at, t.shape[dim]);
      at += t.shape[dim];
      return part;
    });
  },
});

// PyTorch still accepts 1-D empty tensors of any "shape" in cat, and ignores them.
const legacySkip = (t: Tensor): boolean => t.ndim === 1 && t.shape[0] === 0;

/** `torch.cat(tensors, dim=0)`. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw runtimeError("torch.cat(): expected a non-empty list of Tensors");
  tensors.forEach((t, i) => {
    if (t.ndim === 0) throw runtimeError(`zero-dimensional tensor (at position ${i}) cannot be concatenated`);
  });
  const refIndex = tensors.findIndex((t) => !legacySkip(t));
  if (refIndex < 0) return dispatch1(catOp, tensors, { dim: 0 });
  const ref = tensors[refIndex];
  const d = normalizeDim(dim, ref.ndim);
  tensors.forEach((t, i) => {
    if (legacySkip(t)) return;
    if (t.ndim !== ref.ndim) {
      throw runtimeError(`Tensors must have same number of dimensions: got ${ref.ndim} and ${t.ndim}`);
    }
    for (let k = 0; k < ref.ndim; k++) {
      if (k !== d && t.shape[k] !== ref.shape[k]) {
        throw runtimeError(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${
            t.shape[k]
          } for tensor number ${i} in the list.`,
        );
      }
    }
  });
  return dispatch1(catOp, tensors, { dim: d });
}

export const concat = cat;
export const concatenate = cat;

/** Kernel: input i becomes index i of the new dim `dim`. */
export const stackOp = defineOp<{ dim: number }>({
  name: "stack",
  gradName: "StackBackward0",
  infer: (inputs, { dim }) => {
    const shape = [...inputs[0].shape];
    shape.splice(dim, 0, inputs.length);
    return [{ shape, dtype: promoteAll(inputs) }];
  },
  backward: ([g], { inputs, params: { dim } }) => inputs.map((_, i) => g && select(g, dim, i)),
});

/** `torch.stack(tensors, dim=0)`: equal shapes, joined along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw runtimeError("stack expects a non-empty TensorList");
  const ref = tensors[0];
  const d = normalizeDim(dim, ref.ndim + 1);
  tensors.forEach((t, i) => {
    if (t.ndim !== ref.ndim || t.shape.some((n, k) => n !== ref.shape[k])) {
      throw runtimeError(
        `stack expects each tensor to be equal size, but got ${formatShape(ref.shape)} at entry 0 and ${
          formatShape(t.shape)
        } at entry ${i}`,
      );
    }
  });
  return dispatch1(stackOp, tensors, { dim: d });
}

/** Kernel: out (contiguous) holds `repeats[d]` copies of the (left-padded) input along each dim. */
export const repeatOp = defineOp<{ repeats: number[] }>({
  name: "repeat",
  gradName: "RepeatBackward0",
  infer: ([t], { repeats }) => {
    const padded = [...new Array(repeats.length - t.ndim).fill(1), ...t.shape];
    return [{ shape: padded.map((n, i) => n * repeats[i]), dtype: t.dtype }];
  },
  backward: ([g], { inputs: [t], params: { repeats } }) => {
    if (!g) return [null];
    // Split each dim into (repeat, size) and sum over the repeats.
    const lead = repeats.length - t.ndim;
    const split = repeats.flatMap((r, d) => [r, d < lead ? 1 : t.shape[d - lead]]);
    const summed = sum(reshape(g, split), { dim: repeats.map((_, d) => 2 * d) });
    return [reshape(summed, t.shape)];
  },
});

/** `t.repeat(*repeats)`. */
export function repeat(t: Tensor, repeats: readonly number[]): Tensor {
  if (repeats.length < t.ndim) {
    throw runtimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
  }
  const padded = [...new Array(repeats.length - t.ndim).fill(1), ...t.shape];
  checkSizeNonNegative(padded.map((n, i) => n * repeats[i]));
  return dispatch1(repeatOp, [t], { repeats: [...repeats] });
}

/** `t.tile(dims)`: repeat, with missing leading repeats taken as 1. */
export const tile = (t: Tensor, dims: readonly number[]): Tensor =>
  repeat(t, [...new Array(Math.max(t.ndim - dims.length, 0)).fill(1), ...dims]);
