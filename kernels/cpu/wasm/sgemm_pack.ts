// Packing the operands of a WebAssembly matrix product into its memory, in the panel layouts the
// micro-kernel streams (see sgemm_wat.ts). Packing is also the copy from the tensors' arrays into
// the module's memory, so any strides, transposes and broadcasts cost nothing extra.
//
// An operand is described by offset tables: element (i, j) is data[rows[i] + cols[j]]. Tables
// express plain strides and also the split indices of the convolution kernels (a column index
// that runs over samples × positions of a [N, K, P] tensor).

import { type GemmJob, MR, NR } from "./sgemm_runtime.ts";

export interface Operand {
  data: Float32Array;
  rows: Int32Array;
  cols: Int32Array;
}

/** Offsets start, start + stride, … of n indices. */
export function strided(n: number, start: number, stride: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0, o = start; i < n; i++, o += stride) out[i] = o;
  return out;
}

/** Offsets of a split index i = q · inner + r: start + q · outerStride + r · innerStride. */
export function split(n: number, start: number, inner: number, innerStride: number, outerStride: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = start + Math.floor(i / inner) * outerStride + (i % inner) * innerStride;
  return out;
}

/**
 * A (M × K) into row panels of MR rows, zero-padded to Mp rows; `scale` multiplies each element.
 * Panels before `fromPanel` are left as they are (packed by the WebAssembly packer).
 */
export function packA(job: GemmJob, a: Operand, scale = 1, fromPanel = 0): void {
  const { M, K, mem } = job;
  const { data, rows, cols } = a;
  let d = job.pa + fromPanel * K * MR;
  for (let i0 = fromPanel * MR; i0 < M; i0 += MR) {
    const live = Math.min(MR, M - i0);
    if (MR === 3 && live === 3 && scale === 1) {
      // Full panels of the usual block, unrolled: packing is a large share of small products.
      const r0 = rows[i0], r1 = rows[i0 + 1], r2 = rows[i0 + 2];
      for (let k = 0; k < K; k++, d += 3) {
        const ck = cols[k];
        mem[d] = data[r0 + ck];
        mem[d + 1] = data[r1 + ck];
        mem[d + 2] = data[r2 + ck];
      }
      continue;
    }
    // One row at a time (a tight strided loop each), then the zero padding: a ragged last panel
    // of a long K (a convolution's weight gradient) is a large share of its packing.
    for (let r = 0; r < MR; r++) {
      if (r >= live) {
        for (let k = 0, q = d + r; k < K; k++, q += MR) mem[q] = 0;
        continue;
      }
      const ri = rows[i0 + r];
      if (scale === 1) { for (let k = 0, q = d + r; k < K; k++, q += MR) mem[q] = data[ri + cols[k]]; }
      else for (let k = 0, q = d + r; k < K; k++, q += MR) mem[q] = scale * data[ri + cols[k]];
    }
    d += K * MR;
  }
}

/** B (K × N) into column panels of NR columns, zero-padded to Np columns; from `fromPanel` on. */
export function packB(job: GemmJob, b: Operand, fromPanel = 0): void {
  const { N, K, mem } = job;
  const { data, rows, cols } = b;
  let d = job.pb + fromPanel * K * NR;
  for (let j0 = fromPanel * NR; j0 < N; j0 += NR) {
    const live = Math.min(NR, N - j0);
    if (live === NR && isRun(cols, j0, NR)) {
      // Contiguous columns: the common case, a straight copy of NR floats per row.
      const c0 = cols[j0];
      if (NR === 8) {
        for (let k = 0; k < K; k++, d += 8) {
          const s = rows[k] + c0;
          mem[d] = data[s];
          mem[d + 1] = data[s + 1];
          mem[d + 2] = data[s + 2];
          mem[d + 3] = data[s + 3];
          mem[d + 4] = data[s + 4];
          mem[d + 5] = data[s + 5];
          mem[d + 6] = data[s + 6];
          mem[d + 7] = data[s + 7];
        }
      } else {
        for (let k = 0; k < K; k++, d += NR) {
          const s = rows[k] + c0;
          for (let c = 0; c < NR; c++) mem[d + c] = data[s + c];
        }
      }
      continue;
    }
    if (live === 8 && NR === 8) {
      // A full panel of scattered columns (a transposed B): eight gathers per row, offsets in registers.
      const c0 = cols[j0], c1 = cols[j0 + 1], c2 = cols[j0 + 2], c3 = cols[j0 + 3];
      const c4 = cols[j0 + 4], c5 = cols[j0 + 5], c6 = cols[j0 + 6], c7 = cols[j0 + 7];
      for (let k = 0; k < K; k++, d += 8) {
        const rk = rows[k];
        mem[d] = data[rk + c0];
        mem[d + 1] = data[rk + c1];
        mem[d + 2] = data[rk + c2];
        mem[d + 3] = data[rk + c3];
        mem[d + 4] = data[rk + c4];
        mem[d + 5] = data[rk + c5];
        mem[d + 6] = data[rk + c6];
        mem[d + 7] = data[rk + c7];
      }
      continue;
    }
    // A ragged panel, one column at a time: a tight strided loop each, then the zero padding.
    for (let c = 0; c < NR; c++) {
      if (c < live) {
        const cc = cols[j0 + c];
        for (let k = 0, q = d + c; k < K; k++, q += NR) mem[q] = data[rows[k] + cc];
      } else {
        for (let k = 0, q = d + c; k < K; k++, q += NR) mem[q] = 0;
      }
    }
    d += K * NR;
  }
}

/** Whether cols[from .. from + n) are consecutive offsets. */
export function isRun(cols: Int32Array, from: number, n: number): boolean {
  for (let c = 1; c < n; c++) if (cols[from + c] !== cols[from] + c) return false;
  return true;
}
