// Views that pick part of a tensor: select, slice, narrow, and the multi-output views split,
// split_with_sizes, chunk and unbind (each output a narrow or select of the input).

import { indexError, runtimeError } from "../errors.ts";
import { formatShape, normalizeDim } from "../shape.ts";
import type { Tensor } from "../tensor.ts";
import { copyInto } from "./copy.ts";
import { zeros } from "./creation.ts";
import { applyView, applyView1, defineView, geometryOf, type ViewDef, type ViewGeometry } from "./view_registry.ts";

/** Gradient of a view that picks part of `x`: zeros shaped like x, with `g` written where the view was. */
function embed(x: Tensor, g: Tensor, place: (z: Tensor) => Tensor): Tensor {
  const z = zeros(x.shape, { dtype: g.dtype, device: g.device });
  copyInto(place(z), g);
  return z;
}

/** The same for multi-output views (split, unbind): each output's gradient, where it has one. */
function embedAll(x: Tensor, grads: readonly (Tensor | null)[], place: (z: Tensor) => Tensor[]): Tensor | null {
  const g0 = grads.find((g) => g !== null);
  if (!g0) return null;
  const z = zeros(x.shape, { dtype: g0.dtype, device: g0.device });
  place(z).forEach((part, i) => grads[i] && copyInto(part, grads[i]!));
  return z;
}

function selectGeometry(t: Tensor, dim: number, index: number): ViewGeometry {
  const g = geometryOf(t);
  g.offset += index * t.strides[dim];
  g.shape.splice(dim, 1);
  g.strides.splice(dim, 1);
  return g;
}

function sliceGeometry(t: Tensor, dim: number, start: number, end: number, step: number): ViewGeometry {
  const g = geometryOf(t);
  g.offset += start * t.strides[dim];
  g.shape[dim] = Math.floor((end - start + step - 1) / step);
  g.strides[dim] *= step;
  return g;
}

export const selectOp: ViewDef<{ dim: number; index: number }> = defineView<{ dim: number; index: number }>({
  name: "select",
  gradName: "SelectBackward0",
  geometry: (t, { dim, index }) => selectGeometry(t, dim, index),
  backward: ([g], { inputs: [x], params }) => [g && embed(x, g, (z) => applyView1(selectOp, z, params))],
});

/** `t.select(dim, index)`: drops `dim`, keeping the slice at `index` (negative counts from the end). */
export function select(t: Tensor, dim: number, index: number): Tensor {
  if (t.ndim === 0) throw indexError("select() cannot be applied to a 0-dim tensor.");
  const d = normalizeDim(dim, t.ndim);
  const size = t.shape[d];
  if (index < -size || index >= size) {
    throw indexError(
      `select(): index ${index} out of range for tensor of size ${formatShape(t.shape)} at dimension ${dim}`,
    );
  }
  return applyView1(selectOp, t, { dim: d, index: index < 0 ? index + size : index });
}

export interface SliceParams {
  dim: number;
  start: number;
  end: number;
  step: number;
}

export const sliceOp: ViewDef<SliceParams> = defineView<SliceParams>({
  name: "slice",
  gradName: "SliceBackward0",
  geometry: (t, { dim, start, end, step }) => sliceGeometry(t, dim, start, end, step),
  backward: ([g], { inputs: [x], params }) => [g && embed(x, g, (z) => applyView1(sliceOp, z, params))],
});

/**
 * at::slice: `start`/`end` (null = the whole range) wrap once when negative and clamp into
 * [0, size], so out-of-range slices give empty views rather than errors, as in Python.
 */
export function slice(t: Tensor, dim = 0, start: number | null = null, end: number | null = null, step = 1): Tensor {
  if (t.ndim === 0) throw indexError("slice() cannot be applied to a 0-dim tensor.");
  if (step <= 0) throw runtimeError("slice step must be positive");
  const d = normalizeDim(dim, t.ndim);
  return applyView1(sliceOp, t, clampSlice(t.shape[d], d, start, end, step));
}

export function clampSlice(size: number, dim: number, start: number | null, end: number | null, step: number) {
  let s = start ?? 0, e = end ?? size;
  if (s < 0) s += size;
  if (e < 0) e += size;
  s = Math.min(Math.max(s, 0), size);
  e = Math.min(Math.max(e, s), size);
  return { dim, start: s, end: e, step };
}

/** `t.narrow(dim, start, length)`, a slice; `start` may be negative. */
export function narrow(t: Tensor, dim: number, start: number, length: number): Tensor {
  if (t.ndim === 0) throw runtimeError("narrow() cannot be applied to a 0-dim tensor.");
  const d = normalizeDim(dim, t.ndim);
  const size = t.shape[d];
  if (start < -size || start > size) {
    throw indexError(`Dimension out of range (expected to be in range of [${-size}, ${size - 1}], but got ${start})`);
  }
  const s = start < 0 ? start + size : start;
  if (s + length > size || length < 0) {
    throw runtimeError(`start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  }
  return applyView1(sliceOp, t, { dim: d, start: s, end: s + length, step: 1 });
}

const unbindOp: ViewDef<{ dim: number }> = defineView<{ dim: number }>({
  name: "unbind",
  gradName: "UnbindBackward0",
  geometry: (t, { dim }) => Array.from({ length: t.shape[dim] }, (_, i) => selectGeometry(t, dim, i)),
  backward: (grads, { inputs: [x], params: { dim } }) => [embedAll(x, grads, (z) => applyView(unbindOp, z, { dim }))],
});

/** `t.unbind(dim=0)`: every index along `dim`, as views. */
export function unbind(t: Tensor, dim = 0): Tensor[] {
  if (t.ndim === 0) throw indexError("Dimension specified as 0 but tensor has no dimensions");
  return applyView(unbindOp, t, { dim: normalizeDim(dim, t.ndim) });
}

interface SplitParams {
  dim: number;
  sizes: number[];
}

function splitGeometry(t: Tensor, { dim, sizes }: SplitParams): ViewGeometry[] {
  let start = 0;
  return sizes.map((n) => {
    const g = sliceGeometry(t, dim, start, start + n, 1);
    start += n;
    return g;
  });
}

const splitBack = (
  grads: readonly (Tensor | null)[],
  { inputs: [x], params }: { inputs: readonly Tensor[]; params: SplitParams },
) => [
  embedAll(x, grads, (z) => applyView(splitOp, z, params)),
];
const splitOp: ViewDef<SplitParams> = defineView<SplitParams>({
  name: "split",
  gradName: "SplitBackward0",
  geometry: splitGeometry,
  backward: splitBack,
});
const splitWithSizesOp = defineView<SplitParams>({
  name: "split_with_sizes",
  gradName: "SplitWithSizesBackward0",
  geometry: splitGeometry,
  backward: splitBack,
});

/** `t.split(split_size_or_sections, dim=0)`: equal pieces of `split_size` (the last may be smaller), or the given sizes. */
export function split(t: Tensor, split_size_or_sections: number | readonly number[], dim = 0): Tensor[] {
  if (typeof split_size_or_sections !== "number") return split_with_sizes(t, split_size_or_sections, dim);
  const splitSize = split_size_or_sections;
  if (t.ndim === 0) throw runtimeError("split expects at least a 1-dimensional tensor");
  if (splitSize < 0) throw runtimeError(`split expects split_size be non-negative, but got split_size=${splitSize}`);
  const d = normalizeDim(dim, t.ndim);
  const size = t.shape[d];
  if (splitSize === 0 && size !== 0) {
    throw runtimeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`);
  }
  const count = splitSize === 0 ? 1 : Math.max(Math.ceil(size / splitSize), 1);
  const sizes = Array.from({ length: count }, (_, i) => (i < count - 1 ? splitSize : size - splitSize * (count - 1)));
  return applyView(splitOp, t, { dim: d, sizes });
}

export function split_with_sizes(t: Tensor, split_sizes: readonly number[], dim = 0): Tensor[] {
  if (t.ndim === 0) throw runtimeError("split expects at least a 1-dimensional tensor");
  const d = normalizeDim(dim, t.ndim);
  const size = t.shape[d];
  if (split_sizes.some((s) => s < 0)) {
    throw runtimeError(
      `split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=${
        formatShape(split_sizes)
      }`,
    );
  }
  if (split_sizes.reduce((a, b) => a + b, 0) !== size) {
    throw runtimeError(
      `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), but got split_sizes=${
        formatShape(split_sizes)
      }`,
    );
  }
  return applyView(splitWithSizesOp, t, { dim: d, sizes: [...split_sizes] });
}

/** `t.chunk(chunks, dim=0)`: pieces of ceil(size / chunks), so there may be fewer than `chunks`. */
export function chunk(t: Tensor, chunks: number, dim = 0): Tensor[] {
  if (t.ndim === 0) throw runtimeError("chunk expects at least a 1-dimensional tensor");
  if (chunks <= 0) throw runtimeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const d = normalizeDim(dim, t.ndim);
  const size = t.shape[d];
  const splitSize = Math.ceil(size / chunks);
  if (splitSize === 0 && size === 0) return split_with_sizes(t, new Array(chunks).fill(0), d);
  return split(t, splitSize, d);
}
