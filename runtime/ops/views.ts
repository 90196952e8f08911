// Shape-changing views: view, reshape, flatten, unflatten, permute, transpose, t, movedim,
// squeeze, unsqueeze, expand, diagonal, as_strided, alias. Each is declared with defineView
// (see view_registry.ts) under PyTorch's autograd node name; no kernel is involved, except that
// reshape copies (through clone) when no view can express the new shape.

import { runtimeError } from "../errors.ts";
import { formatShape, normalizeDim } from "../shape.ts";
import type { Tensor } from "../tensor.ts";
import { clone, contiguous, copyInto } from "./copy.ts";
import { zeros } from "./creation.ts";
import { sumToShape } from "./sum_to.ts";
import { applyView1, defineView, geometryOf, type ViewDef } from "./view_registry.ts";
import { computeStride, inferSize } from "./view_shape.ts";

export { contiguous };

const VIEW_ERROR =
  "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.";

interface ShapeParams {
  shape: number[];
}

function viewGeometry(t: Tensor, { shape }: ShapeParams) {
  const strides = computeStride(t.shape, t.strides, shape);
  if (!strides) throw runtimeError(VIEW_ERROR);
  return { shape: [...shape], strides, offset: t.offset };
}

// The gradient of any view that only regroups elements is the output gradient in the input's shape.
const reshapeBack = ([g]: readonly (Tensor | null)[], { inputs: [x] }: { inputs: readonly Tensor[] }) => [
  g && reshape(g, x.shape),
];

export const viewOp = defineView<ShapeParams>({
  name: "view",
  gradName: "ViewBackward0",
  geometry: viewGeometry,
  backward: reshapeBack,
});
const reshapeAliasOp = defineView<ShapeParams>({
  name: "_reshape_alias",
  gradName: "ReshapeAliasBackward0",
  geometry: viewGeometry,
  backward: reshapeBack,
});
const unsafeViewOp = defineView<ShapeParams>({
  name: "_unsafe_view",
  gradName: "UnsafeViewBackward0",
  geometry: viewGeometry,
  backward: reshapeBack,
});

/** `t.view(*shape)`, with one -1 allowed. */
export const view = (t: Tensor, shape: readonly number[]): Tensor =>
  applyView1(viewOp, t, { shape: inferSize(shape, t.numel) });

export const view_as = (t: Tensor, other: Tensor): Tensor => view(t, other.shape);

/** `t.reshape(*shape)`: a view when the strides allow one, else a contiguous copy. */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  const resolved = inferSize(shape, t.numel);
  if (computeStride(t.shape, t.strides, resolved)) return applyView1(reshapeAliasOp, t, { shape: resolved });
  return applyView1(unsafeViewOp, clone(t), { shape: resolved });
}

export const reshape_as = (t: Tensor, other: Tensor): Tensor => reshape(t, other.shape);

/** `t.flatten(start_dim=0, end_dim=-1)`; returns `t` itself when there is nothing to merge. */
export function flatten(t: Tensor, start_dim = 0, end_dim = -1): Tensor {
  const start = normalizeDim(start_dim, t.ndim), end = normalizeDim(end_dim, t.ndim);
  if (start > end) throw runtimeError("flatten() has invalid args: start_dim cannot come after end_dim");
  if (t.ndim === 0) return reshape(t, [1]);
  if (start === end) return t;
  const merged = t.shape.slice(start, end + 1).reduce((a, b) => a * b, 1);
  return reshape(t, [...t.shape.slice(0, start), merged, ...t.shape.slice(end + 1)]);
}

/** `t.unflatten(dim, sizes)`: splits one dim into several (one size may be -1). */
export function unflatten(t: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = normalizeDim(dim, t.ndim);
  if (sizes.length === 0) throw runtimeError("unflatten: sizes must be non-empty");
  const inferred = sizes.includes(-1) ? inferSize(sizes, t.shape[d]) : [...sizes];
  if (inferred.reduce((a, b) => a * b, 1) !== t.shape[d]) {
    throw runtimeError(
      `unflatten: Provided sizes ${formatShape(sizes)} don't multiply up to the size of dim ${dim} (${
        t.shape[d]
      }) in the input tensor`,
    );
  }
  return view(t, [...t.shape.slice(0, d), ...inferred, ...t.shape.slice(d + 1)]);
}

export const permuteOp = defineView<{ dims: number[] }>({
  name: "permute",
  gradName: "PermuteBackward0",
  geometry: (t, { dims }) => ({
    shape: dims.map((d) => t.shape[d]),
    strides: dims.map((d) => t.strides[d]),
    offset: t.offset,
  }),
  backward: ([g], { params: { dims } }) => {
    const inverse = new Array<number>(dims.length);
    dims.forEach((d, i) => (inverse[d] = i));
    return [g && permute(g, inverse)];
  },
});

/** `t.permute(*dims)`. */
export function permute(t: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== t.ndim) {
    throw runtimeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${t.ndim} is not equal to len(dims) = ${dims.length}`,
    );
  }
  const norm = dims.map((d) => normalizeDim(d, t.ndim));
  if (new Set(norm).size !== norm.length) throw runtimeError("permute(): duplicate dims are not allowed.");
  return applyView1(permuteOp, t, { dims: norm });
}

function swapGeometry(t: Tensor, { dim0, dim1 }: { dim0: number; dim1: number }) {
  const g = geometryOf(t);
  if (dim0 === dim1) return g; // also t() of a 0-d tensor, which has no dim 0
  [g.shape[dim0], g.shape[dim1]] = [g.shape[dim1], g.shape[dim0]];
  [g.strides[dim0], g.strides[dim1]] = [g.strides[dim1], g.strides[dim0]];
  return g;
}

const swapBack = ([g]: readonly (Tensor | null)[], { params: p }: { params: { dim0: number; dim1: number } }) => [
  g && applyView1(transposeOp, g, p),
];
export const transposeOp: ViewDef<{ dim0: number; dim1: number }> = defineView({
  name: "transpose",
  gradName: "TransposeBackward0",
  geometry: swapGeometry,
  backward: swapBack,
});
export const tOp = defineView({ name: "t", gradName: "TBackward0", geometry: swapGeometry, backward: swapBack });

/** `t.transpose(dim0, dim1)` (also swapaxes / swapdims). */
export const transpose = (t: Tensor, dim0: number, dim1: number): Tensor =>
  applyView1(transposeOp, t, { dim0: normalizeDim(dim0, t.ndim), dim1: normalizeDim(dim1, t.ndim) });

/** `t.t()`: transposes a 2-D tensor; 0-D and 1-D tensors come back as views of themselves. */
export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw runtimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  return applyView1(tOp, x, { dim0: 0, dim1: x.ndim < 2 ? 0 : 1 });
}

/** `t.movedim(source, destination)` (ints or equal-length lists), a permute. */
export function movedim(
  x: Tensor,
  source: number | readonly number[],
  destination: number | readonly number[],
): Tensor {
  const src = (typeof source === "number" ? [source] : source).map((d) => normalizeDim(d, x.ndim));
  const dst = (typeof destination === "number" ? [destination] : destination).map((d) => normalizeDim(d, x.ndim));
  if (src.length !== dst.length) {
    throw runtimeError(
      `movedim: Invalid source or destination dims: source (${
        formatShape(src)
      } dims) should contain the same number of dims as destination (${formatShape(dst)} dims)`,
    );
  }
  if (new Set(src).size !== src.length) throw runtimeError(`movedim: repeated dim in \`source\` (${formatShape(src)})`);
  if (new Set(dst).size !== dst.length) {
    throw runtimeError(`movedim: repeated dim in \`destination\` (${formatShape(dst)})`);
  }
  const order = new Array<number>(x.ndim).fill(-1);
  src.forEach((s, i) => (order[dst[i]] = s));
  const rest = [...Array(x.ndim).keys()].filter((d) => !src.includes(d));
  for (let i = 0, r = 0; i < x.ndim; i++) if (order[i] === -1) order[i] = rest[r++];
  return applyView1(permuteOp, x, { dims: order });
}

const squeezeAllOp = defineView<Record<string, never>>({
  name: "squeeze",
  gradName: "SqueezeBackward0",
  geometry: (t) => {
    const keep = [...t.shape.keys()].filter((d) => t.shape[d] !== 1);
    return { shape: keep.map((d) => t.shape[d]), strides: keep.map((d) => t.strides[d]), offset: t.offset };
  },
  backward: reshapeBack,
});

const squeezeDimOp = defineView<{ dim: number }>({
  name: "squeeze.dim",
  gradName: "SqueezeBackward1",
  geometry: (t, { dim }) => {
    const g = geometryOf(t);
    if (t.ndim > 0 && t.shape[dim] === 1) {
      g.shape.splice(dim, 1);
      g.strides.splice(dim, 1);
    }
    return g;
  },
  backward: reshapeBack,
});

/** `t.squeeze()` drops every size-1 dim; `t.squeeze(dim)` drops `dim` if its size is 1. */
export const squeeze = (t: Tensor, dim?: number): Tensor =>
  dim === undefined ? applyView1(squeezeAllOp, t, {}) : applyView1(squeezeDimOp, t, { dim: normalizeDim(dim, t.ndim) });

export const unsqueezeOp = defineView<{ dim: number }>({
  name: "unsqueeze",
  gradName: "UnsqueezeBackward0",
  geometry: (t, { dim }) => {
    const g = geometryOf(t);
    g.shape.splice(dim, 0, 1);
    g.strides.splice(dim, 0, dim >= t.ndim ? 1 : t.shape[dim] * t.strides[dim]);
    return g;
  },
  backward: reshapeBack,
});

/** `t.unsqueeze(dim)`, dim in [-ndim-1, ndim]. */
export const unsqueeze = (t: Tensor, dim: number): Tensor =>
  applyView1(unsqueezeOp, t, { dim: normalizeDim(dim, t.ndim + 1) });

export const expandOp = defineView<{ shape: number[] }>({
  name: "expand",
  gradName: "ExpandBackward0",
  geometry: (t, { shape }) => {
    const strides = new Array<number>(shape.length);
    for (let i = shape.length - 1; i >= 0; i--) {
      const dim = t.ndim - (shape.length - i);
      const size = dim >= 0 ? t.shape[dim] : 1;
      // A new leading dim takes the stride that would make it contiguous (0 when it is the last).
      const inner = i + 1 < shape.length ? shape[i + 1] * strides[i + 1] : 0;
      strides[i] = size !== shape[i] ? 0 : dim >= 0 ? t.strides[dim] : inner;
    }
    return { shape: [...shape], strides, offset: t.offset };
  },
  backward: ([g], { inputs: [x] }) => [g && sumToShape(g, x.shape)],
});

/** `t.expand(*sizes)`: size-1 dims (and new leading dims) repeat with stride 0; -1 keeps a size. */
export function expand(t: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < t.ndim) {
    throw runtimeError(
      `expand(${legacyTypeName(t)}{${formatShape(t.shape)}}, size=${
        formatShape(sizes)
      }): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${t.ndim})`,
    );
  }
  const shape = new Array<number>(sizes.length);
  for (let i = sizes.length - 1; i >= 0; i--) {
    const dim = t.ndim - (sizes.length - i);
    const size = dim >= 0 ? t.shape[dim] : 1;
    let target = sizes[i];
    if (target === -1) {
      if (dim < 0) {
        throw runtimeError(
          `The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`,
        );
      }
      target = size;
    }
    if (size !== target && size !== 1) {
      throw runtimeError(
        `The expanded size of the tensor (${target}) must match the existing size (${size}) at non-singleton dimension ${i}.  Target sizes: ${
          formatShape(sizes)
        }.  Tensor sizes: ${formatShape(t.shape)}`,
      );
    }
    if (target < 0) {
      throw runtimeError(`Trying to create tensor with negative dimension ${target}: ${formatShape(sizes)}`);
    }
    shape[i] = target;
  }
  return applyView1(expandOp, t, { shape });
}

export const expand_as = (t: Tensor, other: Tensor): Tensor => expand(t, other.shape);

/** The legacy type name PyTorch puts in some messages: torch.FloatTensor, torch.cuda.LongTensor. */
export function legacyTypeName(t: Tensor): string {
  const base = { float32: "Float", float64: "Double", int64: "Long", int32: "Int", uint8: "Byte", bool: "Bool" }[
    t.dtype
  ];
  return `torch.${t.device.type === "cpu" ? "" : "cuda."}${base}Tensor`;
}

const diagonalOp: ViewDef<{ offset: number; dim1: number; dim2: number }> = defineView<
  { offset: number; dim1: number; dim2: number }
>({
  name: "diagonal",
  gradName: "DiagonalBackward0",
  geometry: (t, { offset, dim1, dim2 }) => {
    const size = offset >= 0
      ? Math.max(Math.min(t.shape[dim1], t.shape[dim2] - offset), 0)
      : Math.max(Math.min(t.shape[dim1] + offset, t.shape[dim2]), 0);
    const start = size === 0 ? 0 : offset >= 0 ? offset * t.strides[dim2] : -offset * t.strides[dim1];
    const keep = [...t.shape.keys()].filter((d) => d !== dim1 && d !== dim2);
    return {
      shape: [...keep.map((d) => t.shape[d]), size],
      strides: [...keep.map((d) => t.strides[d]), t.strides[dim1] + t.strides[dim2]],
      offset: t.offset + start,
    };
  },
  backward: ([g], { inputs: [x], params }) => {
    if (!g) return [null];
    const z = zeros(x.shape, { dtype: g.dtype, device: g.device });
    copyInto(applyView1(diagonalOp, z, params), g);
    return [z];
  },
});

/** `t.diagonal(offset=0, dim1=0, dim2=1)`: the diagonal becomes the last dim. */
export function diagonal(t: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const d1 = normalizeDim(dim1, t.ndim), d2 = normalizeDim(dim2, t.ndim);
  if (d1 === d2) throw runtimeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  return applyView1(diagonalOp, t, { offset, dim1: d1, dim2: d2 });
}

export { as_strided } from "./as_strided.ts";

const aliasOp = defineView<Record<string, never>>({
  name: "alias",
  gradName: "AliasBackward0",
  geometry: (t) => geometryOf(t),
  backward: ([g]) => [g],
});

/** A new tensor object on the same data (what `t[...]` returns). */
export const alias = (t: Tensor): Tensor => applyView1(aliasOp, t, {});

export const is_contiguous = (t: Tensor): boolean => t.isContiguous();
