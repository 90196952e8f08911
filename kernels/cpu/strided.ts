// Strided iteration for CPU kernels: visits every index of `shape` and hands the caller the
// element offset of each operand, with a fast path when all operands are contiguous.

import type { View } from "../backend.ts";
import { broadcastStrides, isContiguous, numelOf } from "../../runtime/shape.ts";

/** Offsets of `views` (broadcast to `shape`) for each index of `shape`, in row-major order. */
export function forEachOffset(
  shape: readonly number[],
  views: readonly View[],
  visit: (i: number, offsets: Int32Array | number[]) => void,
): void {
  const n = numelOf(shape);
  const k = views.length;
  const strides = views.map((v) => broadcastStrides(v.shape, v.strides, shape));
  const offsets = views.map((v) => v.offset);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    visit(i, offsets);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      for (let j = 0; j < k; j++) offsets[j] += strides[j][d];
      if (idx[d] < shape[d]) break;
      for (let j = 0; j < k; j++) offsets[j] -= strides[j][d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** True when every view is contiguous, unbroadcast and covers `shape` exactly. */
export function allContiguous(shape: readonly number[], views: readonly View[]): boolean {
  const n = numelOf(shape);
  return views.every((v) => numelOf(v.shape) === n && isContiguous(v.shape, v.strides));
}
