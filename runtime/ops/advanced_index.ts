// Advanced indexing (at::index / at::index_put_): indexing by integer tensors, one per indexed dim
// (null for the dims left whole), broadcast together; boolean masks become the integer tensors of
// their nonzero() first. Where the indexed dims go follows PyTorch (and NumPy): when the indexed
// dims are adjacent, the broadcast index shape replaces them in place; otherwise it moves to the
// front. The result is a copy (the `index` kernel); writes go through `index_put`.

import { indexError, runtimeError } from "../errors.ts";
import { broadcastShapes, broadcastStrides, formatShape, shapeEquals } from "../shape.ts";
import { Tensor } from "../tensor.ts";
import { clone } from "./copy.ts";
import { zeros } from "./creation.ts";
import { sumToShape } from "./sum_to.ts";
import { masked_fill_ } from "./masked.ts";
import { countNonzero } from "./nonzero_count.ts";
import { hostData, withHostReads } from "./host_read.ts";
import { defineOp, dispatch1, type OpDef } from "./registry.ts";
import { SCALAR_TYPE_NAME } from "./scalar.ts";

/**
 * Kernel params shared by index and index_put: the source is read through the permutation `perm`
 * (which brings non-adjacent indexed dims to the front); after it, dims [before, before + indexed)
 * are the indexed ones.
 */
export interface IndexParams {
  perm: number[];
  before: number;
  indexed: number;
}

export const indexOp: OpDef<IndexParams> = defineOp<IndexParams>({
  name: "index",
  gradName: "IndexBackward0",
  infer: ([src, ...indices], p) => [{ shape: indexResultShape(src, indices, p), dtype: src.dtype }],
  backward: ([g], { inputs: [src, ...indices], params }) => {
    if (!g) return [null];
    const z = zeros(src.shape, { dtype: g.dtype, device: g.device });
    dispatch1(indexPutOp, [z, g, ...indices], { ...params, accumulate: true }, z);
    return [z, ...indices.map(() => null)];
  },
});

/** Kernel: writes (or with `accumulate`, adds) `values`, broadcast to the index result, into self. */
export const indexPutOp: OpDef<IndexParams & { accumulate: boolean }> = defineOp<IndexParams & { accumulate: boolean }>(
  {
    name: "index_put",
    gradName: "IndexPutBackward0",
    infer: ([self]) => [{ shape: [...self.shape], dtype: self.dtype }],
    backward: ([g], { inputs: [, values, ...indices], params }) => {
      if (!g) return [null];
      const { perm, before, indexed } = params;
      let gSelf = g;
      if (!params.accumulate) {
        gSelf = clone(g);
        const zero = Tensor.empty([], g.dtype, g.device);
        dispatch1(indexPutOp, [gSelf, zero, ...indices], { ...params, accumulate: false }, gSelf);
      }
      const gValues = sumToShape(dispatch1(indexOp, [g, ...indices], { perm, before, indexed }), values.shape);
      return [gSelf, gValues, ...indices.map(() => null)];
    },
  },
);

/** Writes the coordinates dim-major, [ndim, count]; nonzero() returns the transposed view, as PyTorch. */
export const nonzeroOp = defineOp<{ count: number }>({
  name: "nonzero",
  infer: ([t], { count }) => [{ shape: [t.ndim, count], dtype: "int64" }],
});

function indexResultShape(src: Tensor, indices: readonly Tensor[], { perm, before, indexed }: IndexParams): number[] {
  const shape = perm.map((d) => src.shape[d]);
  return [...shape.slice(0, before), ...(indices[0]?.shape ?? []), ...shape.slice(before + indexed)];
}

/** `t.nonzero()`: the [n, ndim] int64 coordinates of nonzero elements, in row-major order. */
export function nonzero(t: Tensor): Tensor {
  const count = countNonzero(t);
  const out = t.device.backend.kernel(nonzeroOp.name)
    ? dispatch1(nonzeroOp, [t], { count })
    : Tensor.fromArray(nonzeroCoordinates(t, count), [t.ndim, count], "int64", t.device);
  return out.view([count, t.ndim], [1, count], 0);
}

/**
 * The nonzero kernel's result built on the host, for a backend without that kernel: the values
 * were read to count them anyway, so the coordinates cost only an upload.
 */
function nonzeroCoordinates(t: Tensor, count: number): Float64Array {
  const data = hostData(t);
  const coords = new Float64Array(t.ndim * count);
  const idx = new Array<number>(t.ndim).fill(0);
  let k = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== 0) {
      for (let d = 0; d < t.ndim; d++) coords[d * count + k] = idx[d];
      k++;
    }
    for (let d = t.ndim - 1; d >= 0; d--) {
      if (++idx[d] < t.shape[d]) break;
      idx[d] = 0;
    }
  }
  return coords;
}

/** nonzero() for a tensor on any device: one asynchronous read where the device needs it. */
export const nonzeroAsync = (t: Tensor): Tensor | Promise<Tensor> => withHostReads([t], () => nonzero(t));

/** nonzero(as_tuple=True) for a tensor on any device. */
export const nonzeroTupleAsync = (t: Tensor): Tensor[] | Promise<Tensor[]> =>
  withHostReads([t], () => nonzero_tuple(t));

/** `t.nonzero(as_tuple=True)` / torch.where(cond): one int64 tensor per dim (a 0-d t counts as 1-d). */
export function nonzero_tuple(t: Tensor): Tensor[] {
  const src = t.ndim === 0 ? t.view([1], [1], t.offset) : t;
  const nz = nonzero(src);
  return src.shape.map((_, j) => nonzeroColumn(nz, j));
}

/** Column j of nonzero()'s result: the coordinates along dim j. */
const nonzeroColumn = (nz: Tensor, j: number): Tensor =>
  nz.view([nz.shape[0]], [nz.strides[0]], nz.offset + j * nz.strides[1]);

/** A view of `t` broadcast to `shape` (no autograd record: index tensors carry no gradient). */
export const broadcastView = (t: Tensor, shape: readonly number[]): Tensor =>
  shapeEquals(t.shape, shape) ? t : t.view([...shape], broadcastStrides(t.shape, t.strides, shape), t.offset);

/** at::native make_info: expands masks, checks dtypes, broadcasts, and places the indexed dims. */
export function indexInfo(self: Tensor, orig: readonly (Tensor | null)[]): { indices: Tensor[]; params: IndexParams } {
  for (const ix of orig) {
    if (ix && ix.dtype !== "int64" && ix.dtype !== "bool" && ix.dtype !== "uint8") {
      throw indexError("tensors used as indices must be long, byte or bool tensors");
    }
  }
  const expanded: (Tensor | null)[] = [];
  for (const ix of orig) {
    if (ix && (ix.dtype === "bool" || ix.dtype === "uint8")) {
      for (let j = 0; j < ix.ndim; j++) {
        const srcIdx = expanded.length + j;
        if (srcIdx >= self.ndim || ix.shape[j] !== self.shape[srcIdx]) {
          throw indexError(
            `The shape of the mask ${
              formatShape(ix.shape)
            } at index ${j} does not match the shape of the indexed tensor ${
              formatShape(self.shape)
            } at index ${srcIdx}`,
          );
        }
      }
      const nz = nonzero(ix);
      for (let j = 0; j < ix.ndim; j++) expanded.push(nonzeroColumn(nz, j));
    } else expanded.push(ix);
  }
  const defined = expanded.filter((t): t is Tensor => t !== null);
  let shape: number[];
  try {
    shape = broadcastShapes(...defined.map((t) => t.shape));
  } catch {
    throw indexError(
      `shape mismatch: indexing tensors could not be broadcast together with shapes ${
        defined.map((t) => formatShape(t.shape)).join(", ")
      }`,
    );
  }
  while (expanded.length < self.ndim) expanded.push(null);
  const positions = expanded.flatMap((t, i) => (t ? [i] : []));
  const adjacent = positions[positions.length - 1] - positions[0] === positions.length - 1;
  const perm = adjacent
    ? [...self.shape.keys()]
    : [...positions, ...[...self.shape.keys()].filter((d) => !positions.includes(d))];
  const before = adjacent ? positions[0] : 0;
  const indexedSizes = positions.map((d) => self.shape[d]);
  if (indexedSizes.includes(0) && !shape.includes(0)) {
    throw indexError("index is out of bounds for dimension with size 0");
  }
  return {
    indices: defined.map((t) => broadcastView(t, shape)),
    params: { perm, before, indexed: positions.length },
  };
}

/** `torch.index(self, indices)` (what `self[idx]` runs for tensor indices): a copy. */
export function index(self: Tensor, indices: readonly (Tensor | null)[]): Tensor {
  const info = indexInfo(self, indices);
  return dispatch1(indexOp, [self, ...info.indices], info.params);
}

/**
 * `self.index_put_(indices, values, accumulate=False)`. Like PyTorch, a single boolean mask with a
 * one-element value becomes masked_fill_, which needs no host read of the mask.
 */
export function index_put_(
  self: Tensor,
  indices: readonly (Tensor | null)[],
  values: Tensor,
  accumulate = false,
): Tensor {
  const mask = accumulate || values.numel !== 1 ? null : maskedFillMask(self, indices);
  if (mask) return masked_fill_(self, mask, values.view([], [], values.offset));
  if (values.dtype !== self.dtype) {
    throw runtimeError(
      `Index put requires the source and destination dtypes match, got ${
        SCALAR_TYPE_NAME[self.dtype]
      } for the destination and ${SCALAR_TYPE_NAME[values.dtype]} for the source.`,
    );
  }
  const info = indexInfo(self, indices);
  const target = indexResultShape(self, info.indices, info.params);
  let shape: number[] = [];
  try {
    shape = broadcastShapes(target, values.shape);
  } catch { /* reported below */ }
  if (!shapeEquals(shape, target)) {
    throw runtimeError(
      `shape mismatch: value tensor of shape ${
        formatShape(values.shape)
      } cannot be broadcast to indexing result of shape ${formatShape(target)}`,
    );
  }
  // The kernel broadcasts the values itself, so that their gradient reaches the tensor given.
  dispatch1(indexPutOp, [self, values, ...info.indices], { ...info.params, accumulate }, self);
  return self;
}

/** canDispatchToMaskedFill: the one boolean mask among `indices`, viewed over all of self's dims. */
function maskedFillMask(self: Tensor, indices: readonly (Tensor | null)[]): Tensor | null {
  let mask: Tensor | null = null;
  let lead = 0;
  for (const ix of indices) {
    if (!ix) {
      if (!mask) lead++;
      continue;
    }
    if ((ix.dtype !== "bool" && ix.dtype !== "uint8") || mask || ix.device !== self.device) return null;
    mask = ix;
  }
  if (!mask) return null;
  for (let j = 0; j < mask.ndim; j++) {
    const srcIdx = lead + j;
    if (srcIdx >= self.ndim || mask.shape[j] !== self.shape[srcIdx]) {
      throw indexError(
        `The shape of the mask ${
          formatShape(mask.shape)
        } at index ${j} does not match the shape of the indexed tensor ${formatShape(self.shape)} at index ${srcIdx}`,
      );
    }
  }
  const m = mask;
  return m.view(
    [...self.shape],
    self.shape.map((_, d) => (d >= lead && d < lead + m.ndim ? m.strides[d - lead] : 0)),
    m.offset,
  );
}
