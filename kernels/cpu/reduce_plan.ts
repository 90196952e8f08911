// Iteration for reductions (and scans along a dim): for every output element, the reduced
// elements of the input as one strided run `(src, offset, n, stride)`. Reduced dims that merge
// into one run (the common case: one dim, or trailing contiguous dims) are read in place; other
// combinations are gathered into a scratch buffer first, in row-major order, so reducers that
// return an index (argmax) see flattened positions.

import type { View } from "../backend.ts";
import type { TypedArray } from "../../runtime/dtype.ts";
import { numelOf } from "../../runtime/shape.ts";
import { arrayOf } from "./backend.ts";
import { coalesce } from "./loops.ts";

export type ReductionVisit = (
  src: TypedArray,
  offset: number,
  n: number,
  stride: number,
  outOffsets: readonly number[],
) => void;

/**
 * Visits each output position of a reduction of `input` over `dims` (sorted, normalized). Each
 * output view has the input's shape with the reduced dims removed, or kept as 1 with `keepdim`.
 */
export function forEachReduction(
  input: View,
  dims: readonly number[],
  outs: readonly View[],
  keepdim: boolean,
  visit: ReductionVisit,
): void {
  const src = arrayOf(input);
  const reduced = new Set(dims);
  const kept: number[] = [];
  for (let d = 0; d < input.shape.length; d++) if (!reduced.has(d)) kept.push(d);

  const [redShape, [redStrides]] = coalesce(dims.map((d) => input.shape[d]), [dims.map((d) => input.strides[d])]);
  const n = numelOf(redShape);
  const direct = redShape.length <= 1;
  const stride = redShape.length === 1 ? redStrides[0] : 0;
  const buffer = direct ? null : new Float64Array(n);

  const keptShape = kept.map((d) => input.shape[d]);
  const strides = [
    kept.map((d) => input.strides[d]),
    ...outs.map((o) => kept.map((d, j) => o.strides[keepdim ? d : j])),
  ];
  const offsets = [input.offset, ...outs.map((o) => o.offset)];
  const outOffsets = offsets.slice(1);
  const count = numelOf(keptShape);
  const idx = new Array<number>(kept.length).fill(0);
  for (let r = 0; r < count; r++) {
    for (let k = 0; k < outOffsets.length; k++) outOffsets[k] = offsets[k + 1];
    if (buffer) {
      gather(src, offsets[0], redShape, redStrides, buffer);
      visit(buffer, 0, n, 1, outOffsets);
    } else {
      visit(src, offsets[0], n, stride, outOffsets);
    }
    for (let d = kept.length - 1; d >= 0; d--) {
      for (let k = 0; k < offsets.length; k++) offsets[k] += strides[k][d];
      if (++idx[d] < keptShape[d]) break;
      for (let k = 0; k < offsets.length; k++) offsets[k] -= strides[k][d] * keptShape[d];
      idx[d] = 0;
    }
  }
}

function gather(src: TypedArray, offset: number, shape: number[], strides: number[], out: Float64Array): void {
  const nd = shape.length, n = out.length;
  const idx = new Array<number>(nd).fill(0);
  let p = offset;
  for (let i = 0; i < n; i++) {
    out[i] = src[p];
    for (let d = nd - 1; d >= 0; d--) {
      p += strides[d];
      if (++idx[d] < shape[d]) break;
      p -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}
