// CPU kernels of the matrix products, all on gemm: mm, bmm, mv, dot, addmm, matmul (batched with
// broadcast batch dims; a 1-d operand is a 1-row or 1-column matrix with stride 0), and outer
// (the mul kernel over two broadcast views).

import type { View } from "../backend.ts";
import type { AddmmParams, OuterParams } from "../../runtime/ops/linalg.ts";
import { broadcastShapes, broadcastStrides, numelOf } from "../../runtime/shape.ts";
import { arrayOf, cpuKernels } from "./backend.ts";
import { gemm, type GemmBatch, type Mat } from "./gemm.ts";

/** Element (i, j) of `v` at dims (r, c) of its shape; a missing dim has stride 0. */
const mat = (v: View, r: number | null, c: number | null, offset = v.offset): Mat => ({
  data: arrayOf(v),
  offset,
  rs: r === null ? 0 : v.strides[r],
  cs: c === null ? 0 : v.strides[c],
});

cpuKernels.register("mm", ([a, b]: readonly View[], [out]: readonly View[]) => {
  gemm(a.shape[0], a.shape[1], b.shape[1], [{ a: mat(a, 0, 1), b: mat(b, 0, 1), c: mat(out, 0, 1) }]);
});

cpuKernels.register("mv", ([a, v]: readonly View[], [out]: readonly View[]) => {
  gemm(a.shape[0], a.shape[1], 1, [{ a: mat(a, 0, 1), b: mat(v, 0, null), c: mat(out, 0, null) }]);
});

cpuKernels.register("dot", ([a, b]: readonly View[], [out]: readonly View[]) => {
  gemm(1, a.shape[0], 1, [{ a: mat(a, null, 0), b: mat(b, 0, null), c: mat(out, null, null) }]);
});

cpuKernels.register("bmm", ([a, b]: readonly View[], [out]: readonly View[]) => {
  const batches: GemmBatch[] = [];
  for (let i = 0; i < a.shape[0]; i++) {
    batches.push({
      a: mat(a, 1, 2, a.offset + i * a.strides[0]),
      b: mat(b, 1, 2, b.offset + i * b.strides[0]),
      c: mat(out, 1, 2, out.offset + i * out.strides[0]),
    });
  }
  gemm(a.shape[1], a.shape[2], b.shape[2], batches);
});

cpuKernels.register<AddmmParams>("addmm", ([input, a, b], [out], { beta, alpha }) => {
  const shape = out.shape;
  const [rs, cs] = broadcastStrides(input.shape, input.strides, shape);
  const add = { alpha, beta, input: { data: arrayOf(input), offset: input.offset, rs, cs } };
  gemm(shape[0], a.shape[1], shape[1], [{ a: mat(a, 0, 1), b: mat(b, 0, 1), c: mat(out, 0, 1) }], add);
});

cpuKernels.register("matmul", ([a, b]: readonly View[], [out]: readonly View[]) => {
  const aBatch = a.shape.slice(0, -2), bBatch = b.shape.slice(0, -2);
  const batch = broadcastShapes(aBatch, bBatch);
  const nb = batch.length;
  const [n, k] = a.shape.length === 1 ? [1, a.shape[0]] : a.shape.slice(-2);
  const p = b.shape.length === 1 ? 1 : b.shape[b.shape.length - 1];
  // Matrix dims of each operand (null where a 1-d operand lacks one) and of the output.
  const am = a.shape.length === 1 ? mat(a, null, 0) : mat(a, a.shape.length - 2, a.shape.length - 1);
  const bm = b.shape.length === 1 ? mat(b, 0, null) : mat(b, b.shape.length - 2, b.shape.length - 1);
  const outRow = a.shape.length === 1 ? null : nb;
  const outCol = b.shape.length === 1 ? null : out.shape.length - 1;
  const cm = mat(out, outRow, outCol);
  const aStrides = broadcastStrides(aBatch, a.strides.slice(0, aBatch.length), batch);
  const bStrides = broadcastStrides(bBatch, b.strides.slice(0, bBatch.length), batch);
  const cStrides = out.strides.slice(0, nb);
  gemm(n, k, p, batchesOf(batch, [aStrides, bStrides, cStrides], [am, bm, cm]));
});

/** The operands of each batch index, walking the batch dims with each operand's strides. */
function* batchesOf(batch: number[], strides: number[][], [a, b, c]: Mat[]): Generator<GemmBatch> {
  const count = numelOf(batch);
  const idx = new Array<number>(batch.length).fill(0);
  const off = [a.offset, b.offset, c.offset];
  for (let r = 0; r < count; r++) {
    yield { a: { ...a, offset: off[0] }, b: { ...b, offset: off[1] }, c: { ...c, offset: off[2] } };
    for (let d = batch.length - 1; d >= 0; d--) {
      for (let s = 0; s < 3; s++) off[s] += strides[s][d];
      if (++idx[d] < batch[d]) break;
      for (let s = 0; s < 3; s++) off[s] -= strides[s][d] * batch[d];
      idx[d] = 0;
    }
  }
}

cpuKernels.register<OuterParams>("outer", ([a, b], [out], { dtype }) => {
  const mul = cpuKernels.get("mul")!;
  const col: View = { ...viewFields(a), shape: [a.shape[0], 1], strides: [a.strides[0], 0] };
  const row: View = { ...viewFields(b), shape: [1, b.shape[0]], strides: [0, b.strides[0]] };
  mul([col, row], [out], { dtype });
});

const viewFields = (v: View) => ({ storage: v.storage, dtype: v.dtype, offset: v.offset });
