// Advanced-indexing kernels: index (gather by index tensors), index_put (scatter by them),
// nonzero, masked_fill and masked_select.

import type { View } from "../backend.ts";
import { arrayOf, cpuKernels } from "./backend.ts";
import { storeConverter } from "./creation.ts";
import { forEachOffset } from "./strided.ts";
import type { IndexParams } from "../../runtime/ops/advanced_index.ts";
import { indexError } from "../../runtime/errors.ts";
import { isContiguous, numelOf } from "../../runtime/shape.ts";

/** A strided window given by raw numbers (what forEachOffset walks). */
const window = (like: View, shape: readonly number[], strides: readonly number[], offset: number): View => ({
  storage: like.storage,
  dtype: like.dtype,
  shape,
  strides,
  offset,
});

/**
 * Walks the index result's shape: calls `visit(i, resultOffset, srcOffset)` where srcOffset is the
 * element of `src` that result position i reads (or index_put writes), after bounds checks.
 */
function walkIndexed(
  src: View,
  indices: readonly View[],
  { perm, before, indexed }: IndexParams,
  result: View,
  visit: (resultOffset: number, srcOffset: number) => void,
): void {
  const pshape = perm.map((d) => src.shape[d]);
  const pstrides = perm.map((d) => src.strides[d]);
  const bshape = indices[0]?.shape ?? [];
  const shape = [...pshape.slice(0, before), ...bshape, ...pshape.slice(before + indexed)];
  const zerosB = bshape.map(() => 0);
  // The src offset from the non-indexed dims; the index tensors vary only over the B dims.
  const base = window(src, shape, [
    ...pstrides.slice(0, before),
    ...zerosB,
    ...pstrides.slice(before + indexed),
  ], src.offset);
  const idxViews = indices.map((ix) =>
    window(ix, shape, [
      ...pshape.slice(0, before).map(() => 0),
      ...ix.strides,
      ...pshape.slice(before + indexed).map(() => 0),
    ], ix.offset)
  );
  const idxData = indices.map(arrayOf);
  const sizes = pshape.slice(before, before + indexed);
  const strides = pstrides.slice(before, before + indexed);
  forEachOffset(shape, [result, base, ...idxViews], (_, offs) => {
    let at = offs[1];
    for (let k = 0; k < indexed; k++) {
      let ix = idxData[k][offs[2 + k]];
      const size = sizes[k];
      if (ix < -size || ix >= size) {
        throw indexError(`index ${ix} is out of bounds for dimension ${k} with size ${size}`);
      }
      if (ix < 0) ix += size;
      at += ix * strides[k];
    }
    visit(offs[0], at);
  });
}

cpuKernels.register("index", ([src, ...indices]: readonly View[], [out]: readonly View[], p: IndexParams) => {
  if (indexRows(src, indices, p, out)) return;
  const from = arrayOf(src), to = arrayOf(out);
  walkIndexed(src, indices, p, out, (o, s) => {
    to[o] = from[s];
  });
});

/**
 * Fast path for the common `x[idx]` (batch gathering): leading indexed dims, and contiguous rows
 * after them in both src and out, copied a row at a time. Returns false when it does not apply.
 */
function indexRows(src: View, indices: readonly View[], { perm, before, indexed }: IndexParams, out: View): boolean {
  if (before !== 0 || indexed === 0 || !perm.every((d, i) => d === i)) return false;
  const rowShape = src.shape.slice(indexed);
  if (!isContiguous(rowShape, src.strides.slice(indexed)) || !isContiguous(out.shape, out.strides)) return false;
  const rowLen = numelOf(rowShape);
  const from = arrayOf(src), to = arrayOf(out);
  const idxData = indices.map(arrayOf);
  const bshape = indices[0].shape;
  let row = 0;
  forEachOffset(bshape, indices, (_, offs) => {
    let at = src.offset;
    for (let k = 0; k < indexed; k++) {
      let ix = idxData[k][offs[k]];
      const size = src.shape[k];
      if (ix < -size || ix >= size) {
        throw indexError(`index ${ix} is out of bounds for dimension ${k} with size ${size}`);
      }
      if (ix < 0) ix += size;
      at += ix * src.strides[k];
    }
    to.set(from.subarray(at, at + rowLen), out.offset + row * rowLen);
    row++;
  });
  return true;
}

cpuKernels.register(
  "index_put",
  ([, values, ...indices]: readonly View[], [self]: readonly View[], p: IndexParams & { accumulate: boolean }) => {
    const from = arrayOf(values), to = arrayOf(self);
    const conv = storeConverter(self.dtype);
    walkIndexed(self, indices, p, values, (v, s) => {
      to[s] = p.accumulate ? conv(to[s] + from[v]) : from[v];
    });
  },
);

cpuKernels.register("nonzero", ([t]: readonly View[], [out]: readonly View[], { count }: { count: number }) => {
  const data = arrayOf(t), to = arrayOf(out);
  const nd = t.shape.length;
  const coord = new Array<number>(nd).fill(0);
  let k = 0;
  forEachOffset(t.shape, [t], (_, [o]) => {
    if (data[o] !== 0) {
      for (let j = 0; j < nd; j++) to[out.offset + j * count + k] = coord[j];
      k++;
    }
    for (let d = nd - 1; d >= 0; d--) {
      if (++coord[d] < t.shape[d]) break;
      coord[d] = 0;
    }
  });
});

cpuKernels.register(
  "masked_fill",
  ([self, mask]: readonly View[], [out]: readonly View[], { value }: { value: number }) => {
    const from = arrayOf(self), m = arrayOf(mask), to = arrayOf(out);
    const v = storeConverter(out.dtype)(value);
    forEachOffset(out.shape, [self, mask, out], (_, [s, mk, o]) => {
      to[o] = m[mk] !== 0 ? v : from[s];
    });
  },
);

cpuKernels.register(
  "masked_select",
  ([self, mask]: readonly View[], [out]: readonly View[], { shape }: { shape: number[] }) => {
    const from = arrayOf(self), m = arrayOf(mask), to = arrayOf(out);
    let k = out.offset;
    forEachOffset(shape, [self, mask], (_, [s, mk]) => {
      if (m[mk] !== 0) to[k++] = from[s];
    });
  },
);
